"""The equation tree's vocabularies: which LaTeX commands are Greek letters, named functions, big
operators, relations, operators, accents, fonts, delimiters, and which are only typography.

Owns: the word lists the parser and the row assembly consult. One reason to change: a LaTeX
command paperpal should recognise (a new relation, a font alias, a sizing command).

Must not: hold behaviour, or know what a symbol means in a paper.
"""

from __future__ import annotations

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
    "Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath".split()
)
FUNCTIONS = frozenset(
    "log ln exp tanh sinh cosh tan sin cos sec csc cot arcsin arccos arctan det dim ker deg gcd "
    "Pr tr lg arg sgn".split()
)
BIG_OPS = frozenset(
    "sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge max min "
    "argmax argmin sup inf lim limsup liminf".split()
)
# Letters papers use for functions and distributions: applied to "(...)" they are applied.
FUNCTION_LETTERS = frozenset("f g h p q r D G F L P Q H J K N E V C R S T O".split()) | {
    "sigma", "phi", "psi", "pi", "ell", "varphi", "delta", "mu"
}  # fmt: skip
RELATIONS = frozenset(
    "= < > \\leq \\geq \\le \\ge \\neq \\ne \\approx \\sim \\simeq \\cong \\equiv \\propto \\ll "
    "\\gg \\in \\notin \\ni \\subset \\subseteq \\supset \\supseteq \\rightarrow \\to \\leftarrow "
    "\\gets \\Rightarrow \\Leftarrow \\leftrightarrow \\Leftrightarrow \\mapsto \\longrightarrow "
    "\\implies \\iff \\triangleq \\coloneqq \\doteq \\models \\perp \\prec \\succ \\preceq "
    "\\succeq \\leqslant \\geqslant \\lesssim \\gtrsim \\stackrel".split()
)
OPERATORS = frozenset(
    "+ - * / , ; : ! \\cdot \\times \\odot \\otimes \\oplus \\circ \\ast \\star \\bullet \\pm \\mp "
    "\\div \\cup \\cap \\setminus \\wedge \\vee \\land \\lor \\neg \\lnot \\forall \\exists "
    "\\nabla \\partial \\mid \\colon \\circledast \\diamond".split()
)
ACCENTS = {
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
    "overline": "bar", "vec": "vec", "dot": "dot", "ddot": "ddot", "check": "check",
    "breve": "breve", "underline": "underline", "mathring": "ring", "acute": "acute",
    "grave": "grave", "overrightarrow": "vec",
}  # fmt: skip
FONTS = {
    "mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "pmb": "bold", "mathbold": "bold",
    "bold": "bold", "textbf": "bold", "mathcal": "calligraphic", "mathscr": "script",
    "mathbb": "blackboard", "mathbbm": "blackboard", "mathfrak": "fraktur", "mathrm": "roman",
    "operatorname": "roman", "mathit": "italic", "mathsf": "sans", "mathtt": "mono",
    "texttt": "mono", "textsf": "sans", "textit": "italic", "textrm": "roman", "text": "roman",
    "mbox": "roman", "hbox": "roman", "textnormal": "roman", "textup": "roman", "emph": "italic",
}  # fmt: skip
FONT_SWITCHES = {
    "bf": "bold",
    "rm": "roman",
    "it": "italic",
    "cal": "calligraphic",
    "sf": "sans",
    "tt": "mono",
}
DELIMS = {
    "(": "(", "[": "[", "\\{": "\\{", "\\lbrace": "\\{", "\\langle": "\\langle",
    "\\lfloor": "\\lfloor", "\\lceil": "\\lceil", "|": "|", "\\vert": "|", "\\lvert": "|",
    "\\|": "\\|", "\\Vert": "\\|", "\\lVert": "\\|", "\\lbrack": "[",
}  # fmt: skip
CLOSERS = {
    ")": ")", "]": "]", "\\}": "\\}", "\\rbrace": "\\}", "\\rangle": "\\rangle",
    "\\rfloor": "\\rfloor", "\\rceil": "\\rceil", "\\rvert": "|", "\\rVert": "\\|", "\\rbrack": "]",
}  # fmt: skip
PAIR = {"(": ")", "[": "]", "\\{": "\\}", "\\langle": "\\rangle", "\\lfloor": "\\rfloor",
         "\\lceil": "\\rceil", "|": "|", "\\|": "\\|"}  # fmt: skip
SIZING = frozenset(
    "big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm Bigm biggm Biggm".split()
)
SKIP_ARG = frozenset("label tag color phantom hphantom vphantom vspace hspace ensuremath".split())
IGNORED = frozenset(
    "displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag relax "
    "allowbreak nobreak hfill cr span mathsmaller smash".split()
)
DOTS = {"ldots": "ldots", "dots": "ldots", "dotsc": "ldots", "cdots": "cdots", "dotsb": "cdots",
         "vdots": "vdots", "ddots": "ddots"}  # fmt: skip
# Words written as italic letters before "(" that name a function anyway: softmax(x), KL(p).
FUNCTION_WORDS = frozenset(
    "softmax relu sigmoid tanh exp log max min argmax argmin concat attention layernorm dropout "
    "diag tr var cov sign KL JSD JS sin cos".split()
)
