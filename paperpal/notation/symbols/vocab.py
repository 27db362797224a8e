"""The vocabularies the symbol splitter recognises: Greek letters, named functions (TeX's own and
words written in italics), operators, relations, accents and fonts, their canonical spellings,
the prose words that turn up inside math, and the commands that are structure, not symbols.

Owns: those word lists. One reason to change: a LaTeX command the splitter should recognise.

Must not: hold behaviour.
"""

from __future__ import annotations

from paperpal.mathtokens.tokens import SIZING

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath".split()
)
FUNCTIONS = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg argmax argmin sup inf lim det tr "
    "trace diag sgn sign softmax relu sigmoid dim ker rank Pr var cov".split()
)
# The named functions LaTeX itself provides as commands (\log, \max ...).
TEX_FUNCTIONS = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg sup inf lim det dim ker Pr".split()
)
# Words that, written as a run of italic letters before "(", are function names anyway.
# No function name written as italic letters is longer than this ("layernorm" is 9).
MAX_WORD = 16
FUNCTION_WORDS = frozenset(
    "softmax relu tanh sigmoid exp log max min argmax argmin concat attention multihead head "
    "layernorm dropout ffn sublayer diag tr var cov kl jsd sign".split()
)
OPERATORS = frozenset(
    "sum prod int oint iint coprod bigcup bigcap bigoplus bigotimes nabla partial odot otimes "
    "oplus circ cdot times div ast star bullet wedge vee cup cap setminus triangle "
    "sqrt pm mp infty Delta lfloor lceil bmod pmod mod".split()
)
RELATIONS = frozenset(
    "sim propto approx simeq cong equiv leq geq neq ll gg in notin subset subseteq supset "
    "supseteq rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto "
    "triangleq coloneqq doteq models perp mid".split()
)
ACCENTS = {
    "\\hat": "hat",
    "\\widehat": "hat",
    "\\tilde": "tilde",
    "\\widetilde": "tilde",
    "\\bar": "bar",
    "\\overline": "bar",
    "\\vec": "vec",
    "\\dot": "dot",
    "\\ddot": "ddot",
    "\\check": "check",
    "\\breve": "breve",
    "\\underline": "underline",
    "\\mathring": "ring",
}
FONTS = {
    "\\mathbf": "bold",
    "\\boldsymbol": "bold",
    "\\bm": "bold",
    "\\pmb": "bold",
    "\\mathbold": "bold",
    "\\mathcal": "calligraphic",
    "\\mathscr": "script",
    "\\mathbb": "blackboard",
    "\\mathfrak": "fraktur",
    "\\mathrm": "roman",
    "\\operatorname": "roman",
    "\\mathit": "italic",
    "\\mathsf": "sans",
    "\\mathtt": "mono",
}
CANON_FONT = {
    "bold": "\\mathbf",
    "calligraphic": "\\mathcal",
    "script": "\\mathscr",
    "blackboard": "\\mathbb",
    "fraktur": "\\mathfrak",
    "roman": "\\mathrm",
    "italic": "\\mathit",
    "sans": "\\mathsf",
    "mono": "\\mathtt",
}
CANON_ACCENT = {v: k for k, v in reversed(list(ACCENTS.items()))}
# Prose that turns up inside math (``\text{if}``, or words a PDF reader put in a formula).
TEXT_STOP = frozenset(
    "if and or for otherwise else where with when then s.t. st subject to all else. is of "
    "in on as such that namely from thus hence given each since because while so this these "
    "note let we see also ie eg i.e. e.g. are be by at it its the an".split()
)
SKIP = SIZING | frozenset(
    {
        "\\frac",
        "\\dfrac",
        "\\tfrac",
        "\\binom",
        "\\begin",
        "\\end",
        "\\label",
        "\\tag",
        "\\ldots",
        "\\cdots",
        "\\dots",
        "\\vdots",
        "\\ddots",
        "\\quad",
        "\\qquad",
        "\\limits",
        "\\nolimits",
        "\\displaystyle",
        "\\nonumber",
        "\\\\",
        "\\{",
        "\\}",
        "\\langle",
        "\\rangle",
        "\\rfloor",
        "\\rceil",
        "\\color",
        "\\textcolor",
        "\\phantom",
        "\\overset",
        "\\underset",
        "\\stackrel",
        "\\overbrace",
        "\\underbrace",
        "\\boxed",
        "\\mathop",
        "\\lbrace",
        "\\rbrace",
    }
)
