"""What ``render.to_unicode`` draws for each LaTeX command: the tables it reads.

Owns: Unicode for Greek letters, operators, relations, arrows, delimiters and dots; which
commands are function names, layout to drop, or accents (as combining marks); the sub- and
superscript alphabets; the special letters of the blackboard, calligraphic and fraktur
alphabets and mathematical bold Greek; how grids (matrices, cases) are bracketed.

Must not: hold code. A command a paper uses that renders as its bare name belongs here.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ",
    # operators
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
    "partial": "∂", "nabla": "∇", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "circ": "∘",
    "cdot": "·", "times": "×", "div": "÷", "ast": "∗", "star": "⋆", "bullet": "•", "pm": "±",
    "mp": "∓", "infty": "∞", "cup": "∪", "cap": "∩", "setminus": "∖", "bigcup": "⋃",
    "bigcap": "⋂", "wedge": "∧", "vee": "∨", "land": "∧", "lor": "∨", "neg": "¬", "lnot": "¬",
    "forall": "∀", "exists": "∃", "emptyset": "∅", "varnothing": "∅", "top": "⊤",
    "bot": "⊥", "perp": "⊥", "angle": "∠", "triangle": "△", "prime": "′", "dagger": "†",
    "bigoplus": "⨁", "bigotimes": "⨂",
    # relations
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔",
    "mapsto": "↦", "longrightarrow": "⟶", "implies": "⟹", "iff": "⟺", "triangleq": "≜",
    "coloneqq": "≔", "doteq": "≐", "models": "⊨", "mid": "∣", "parallel": "∥",
    # delimiters and dots
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|",
    "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "ldots": "…", "dots": "…", "cdots": "⋯",
    "vdots": "⋮", "ddots": "⋱", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_",
    # spacing
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    ",
    "\\": "; ", "colon": ":",
    # more letters, operators, relations, arrows and delimiters papers use
    "varkappa": "ϰ", "digamma": "ϝ", "aleph": "ℵ", "beth": "ℶ", "gimel": "ℷ", "wp": "℘",
    "Re": "ℜ", "Im": "ℑ", "eth": "ð", "hslash": "ℏ", "mho": "℧", "complement": "∁",
    "surd": "√", "amalg": "⨿", "uplus": "⊎", "sqcup": "⊔", "sqcap": "⊓", "bigsqcup": "⨆",
    "biguplus": "⨄", "bigvee": "⋁", "bigwedge": "⋀", "bigodot": "⨀", "oslash": "⊘",
    "ominus": "⊖", "circledast": "⊛", "circledcirc": "⊚", "boxplus": "⊞", "boxtimes": "⊠",
    "boxminus": "⊟", "boxdot": "⊡", "diamond": "⋄", "Diamond": "◇", "lozenge": "◊",
    "square": "□", "Box": "□", "blacksquare": "■", "triangledown": "▽",
    "triangleleft": "◁", "triangleright": "▷", "bigtriangleup": "△", "bigtriangledown": "▽",
    "intercal": "⊺", "cdotp": "·", "centerdot": "·", "ldotp": ".", "dotplus": "∔",
    "ltimes": "⋉", "rtimes": "⋊", "smallsetminus": "∖", "backslash": "∖", "wr": "≀",
    "iiint": "∭", "oiint": "∯", "smallint": "∫", "bigstar": "★", "therefore": "∴",
    "because": "∵", "nexists": "∄", "measuredangle": "∡", "degree": "°", "dag": "†",
    "ddag": "‡", "ddagger": "‡", "S": "§", "P": "¶", "checkmark": "✓", "natural": "♮",
    "flat": "♭", "sharp": "♯", "clubsuit": "♣", "diamondsuit": "♢", "heartsuit": "♡",
    "spadesuit": "♠", "backprime": "‵", "infin": "∞", "Join": "⨝", "bowtie": "⋈",
    "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰", "lesssim": "≲",
    "gtrsim": "≳", "approxeq": "≊", "asymp": "≍", "vdash": "⊢", "dashv": "⊣",
    "vDash": "⊨", "Vdash": "⊩", "sqsubset": "⊏", "sqsupset": "⊐", "sqsubseteq": "⊑",
    "sqsupseteq": "⊒", "subsetneq": "⊊", "supsetneq": "⊋", "nsubseteq": "⊈",
    "nsupseteq": "⊉", "nleq": "≰", "ngeq": "≱", "nless": "≮", "ngtr": "≯", "nmid": "∤",
    "nparallel": "∦", "ncong": "≇", "nsim": "≁", "lneq": "⪇", "gneq": "⪈", "lll": "⋘",
    "ggg": "⋙", "leqslant": "⩽", "geqslant": "⩾", "leqq": "≦", "geqq": "≧", "eqsim": "≂",
    "backsim": "∽", "coloneq": "≔", "eqqcolon": "≕", "eqcolon": "≕", "Coloneqq": "⩴",
    "lhd": "⊲", "rhd": "⊳", "unlhd": "⊴", "unrhd": "⊵", "vartriangleleft": "⊲",
    "vartriangleright": "⊳", "trianglelefteq": "⊴", "trianglerighteq": "⊵", "smile": "⌣",
    "frown": "⌢", "owns": "∋", "nin": "∉", "notni": "∌", "divides": "∣",
    "uparrow": "↑", "downarrow": "↓", "updownarrow": "↕", "Uparrow": "⇑",
    "Downarrow": "⇓", "Updownarrow": "⇕", "nearrow": "↗", "searrow": "↘", "nwarrow": "↖",
    "swarrow": "↙", "hookrightarrow": "↪", "hookleftarrow": "↩", "rightharpoonup": "⇀",
    "leftharpoonup": "↼", "rightleftharpoons": "⇌", "leftrightarrows": "⇆",
    "rightrightarrows": "⇉", "longleftarrow": "⟵", "Longrightarrow": "⟹",
    "Longleftarrow": "⟸", "longleftrightarrow": "⟷", "Longleftrightarrow": "⟺",
    "longmapsto": "⟼", "leadsto": "⇝", "rightsquigarrow": "⇝", "twoheadrightarrow": "↠",
    "rightarrowtail": "↣", "curvearrowright": "↷", "circlearrowright": "↻",
    "impliedby": "⟸", "Rrightarrow": "⇛",
    "llbracket": "⟦", "rrbracket": "⟧", "lBrack": "⟦", "rBrack": "⟧", "lbrack": "[",
    "rbrack": "]", "lparen": "(", "rparen": ")", "lgroup": "(", "rgroup": ")",
    "ulcorner": "⌜", "urcorner": "⌝", "llcorner": "⌞", "lrcorner": "⌟", "Arrowvert": "‖",
    "arrowvert": "|", "bracevert": "|", "hdots": "…", "dotsc": "…", "dotso": "…",
    "dotsb": "⋯", "dotsm": "⋯", "dotsi": "⋯", "mathellipsis": "…", "adots": "⋰",
    "iddots": "⋰", "textellipsis": "…", "textbackslash": "∖", "textasciitilde": "~",
    "textunderscore": "_", "textdegree": "°", "textbar": "|", "textless": "<",
    "textgreater": ">", "euro": "€", "pounds": "£", "yen": "¥", "copyright": "©",
    "Alpha": "Α", "Beta": "Β", "Epsilon": "Ε", "Zeta": "Ζ", "Eta": "Η", "Iota": "Ι",
    "Kappa": "Κ", "Mu": "Μ", "Nu": "Ν", "Omicron": "Ο", "omicron": "ο", "Rho": "Ρ",
    "Tau": "Τ", "Chi": "Χ", "varGamma": "Γ", "varDelta": "Δ", "varTheta": "Θ",
    "varLambda": "Λ", "varXi": "Ξ", "varPi": "Π", "varSigma": "Σ", "varUpsilon": "Υ",
    "varPhi": "Φ", "varPsi": "Ψ", "varOmega": "Ω", "upalpha": "α", "upbeta": "β",
    "upgamma": "γ", "updelta": "δ", "upepsilon": "ϵ", "upmu": "μ", "uppi": "π",
    "upsigma": "σ", "uptau": "τ", "upphi": "ϕ", "uptheta": "θ", "uplambda": "λ",
    "thinspace": " ", "enspace": " ", "medspace": " ", "thickspace": " ",
}  # fmt: skip
FUNCTION_NAMES = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg sup inf lim det tr dim ker Pr deg gcd "
    "lg sec csc cot arcsin arccos arctan hom liminf limsup coth injlim projlim".split()
)
DROP = frozenset(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr displaystyle "
    "textstyle scriptstyle limits nolimits nonumber notag label tag relax allowbreak phantom "
    "hphantom vphantom color".split()
)
ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308",
    "check": "\u030c", "breve": "\u0306", "acute": "\u0301", "grave": "\u0300",
    "underline": "\u0332", "mathring": "\u030a", "overrightarrow": "\u20d7",
    "overleftarrow": "\u20d6", "overleftrightarrow": "\u20e1", "vv": "\u20d7",
}  # fmt: skip
SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ′*⊤",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ′*ᵀ",
        strict=True,
    )
)
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))
BB_SPECIAL = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
CAL_SPECIAL = {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ"}
FRAK_SPECIAL = {"C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"}


# Mathematical bold Greek (U+1D6A8...): capitals, small letters, then the variant forms.
BOLD_GREEK = {
    **{chr(0x391 + i): chr(0x1D6A8 + i) for i in range(25) if i != 0x11},
    **{chr(0x3B1 + i): chr(0x1D6C2 + i) for i in range(25)},
    "ϵ": "𝛜", "ϑ": "𝛝", "ϰ": "𝛞", "ϕ": "𝛟", "ϱ": "𝛠", "ϖ": "𝛡", "∂": "𝛛", "∇": "𝛁",
}  # fmt: skip


SILENT = frozenset(
    "limits nolimits displaystyle textstyle scriptstyle scriptscriptstyle nonumber notag "
    "allowbreak nobreak relax cr".split()
)
ARROWS_OVER = {
    "xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐",
    "xleftrightarrow": "↔", "xLeftrightarrow": "⇔", "xmapsto": "↦", "xhookrightarrow": "↪",
}  # fmt: skip
# Environments drawn as a grid: (opening, closing) marks around rows "; " of cells ", ".
GRIDS = {
    "matrix": ("", ""), "smallmatrix": ("", ""), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"),
    "Bmatrix": ("{", "}"), "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"), "cases": ("{ ", ""),
    "dcases": ("{ ", ""), "rcases": ("", " }"), "array": ("", ""),
}  # fmt: skip
