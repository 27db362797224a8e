"""The words an equation is read aloud with: what each operator, relation, function, big operator,
accent and special symbol is called in speech.

Owns: the vocabularies ``speak.reader`` reads from ("plus", "is drawn from", "the log of", "the
sum", "hat", "the real numbers" ...), and the meanings that choose how an operator is said
(``OP_BY_MEANING``: ``∘`` explained as the element-wise product is "element-wise times"). One
reason to change: how something is said.

Must not: hold behaviour.
"""

from __future__ import annotations

GREEK_SAID = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
               "varsigma": "sigma", "varpi": "pi", "ell": "ell", "hbar": "h bar", "imath": "i",
               "jmath": "j"}  # fmt: skip
OPS = {
    "+": "plus", "-": "minus", "*": "times", "/": "divided by", "\\cdot": "times",
    "\\times": "times", "\\odot": "element-wise times", "\\otimes": "tensor product",
    "\\oplus": "circled plus", "\\circ": "circle", "\\ast": "star", "\\star": "star",
    "\\pm": "plus or minus", "\\mp": "minus or plus", "\\div": "divided by", "\\cup": "union",
    "\\cap": "intersection", "\\setminus": "minus", "\\wedge": "and", "\\vee": "or",
    "\\land": "and", "\\lor": "or", "\\neg": "not", "\\lnot": "not", "\\forall": "for all",
    "\\exists": "there exists", "|": "given", "\\mid": "given", ":": "such that",
    "\\colon": "from", "!": "factorial", ",": ",", ";": ";", "\\|": "double bar", ".": "",
    "\\bullet": "dot", "\\circledast": "convolved with", "\\diamond": "diamond",
}  # fmt: skip
RELS = {
    "=": "equals", "<": "is less than", ">": "is greater than",
    "\\leq": "is less than or equal to", "\\le": "is less than or equal to",
    "\\leqslant": "is less than or equal to", "\\geq": "is greater than or equal to",
    "\\ge": "is greater than or equal to", "\\geqslant": "is greater than or equal to",
    "\\neq": "is not equal to", "\\ne": "is not equal to", "\\approx": "is approximately",
    "\\sim": "is drawn from", "\\simeq": "is approximately", "\\cong": "is congruent to",
    "\\equiv": "is defined as", "\\triangleq": "is defined as", "\\coloneqq": "is defined as",
    "\\doteq": "is defined as", "\\propto": "is proportional to", "\\ll": "is much less than",
    "\\gg": "is much greater than", "\\in": "is in", "\\notin": "is not in", "\\ni": "contains",
    "\\subset": "is a subset of", "\\subseteq": "is a subset of", "\\supset": "is a superset of",
    "\\supseteq": "is a superset of", "\\rightarrow": "to", "\\to": "to", "\\leftarrow": "gets",
    "\\gets": "gets", "\\Rightarrow": "implies", "\\implies": "implies", "\\Leftarrow": "is implied by",
    "\\iff": "if and only if", "\\Leftrightarrow": "if and only if", "\\leftrightarrow": "corresponds to",
    "\\mapsto": "maps to", "\\longrightarrow": "to", "\\perp": "is independent of",
    "\\models": "satisfies", "\\lesssim": "is at most about", "\\gtrsim": "is at least about",
    "\\prec": "precedes", "\\succ": "succeeds", "\\preceq": "precedes", "\\succeq": "succeeds",
}  # fmt: skip
FUNCTIONS = {"log": "the log of", "ln": "the natural log of", "exp": "the exponential of",
              "tanh": "tanh of", "sinh": "sinh of", "cosh": "cosh of", "sin": "the sine of",
              "cos": "the cosine of", "tan": "the tangent of", "det": "the determinant of",
              "tr": "the trace of", "trace": "the trace of", "max": "the maximum of",
              "min": "the minimum of", "dim": "the dimension of", "Pr": "the probability of",
              "arg": "the argument of", "diag": "the diagonal matrix of", "sgn": "the sign of",
              "sign": "the sign of", "softmax": "softmax of", "sigmoid": "sigmoid of",
              "relu": "ReLU of", "ReLU": "ReLU of", "Var": "the variance of",
              "var": "the variance of", "Cov": "the covariance of", "cov": "the covariance of",
              "KL": "the KL divergence of", "Concat": "the concatenation of",
              "concat": "the concatenation of"}  # fmt: skip
BIG = {"sum": "the sum", "prod": "the product", "coprod": "the coproduct", "int": "the integral",
        "iint": "the double integral", "iiint": "the triple integral", "oint": "the contour integral",
        "bigcup": "the union", "bigcap": "the intersection", "bigoplus": "the direct sum",
        "bigotimes": "the tensor product", "max": "the maximum", "min": "the minimum",
        "argmax": "the arg max", "argmin": "the arg min", "sup": "the supremum",
        "inf": "the infimum", "lim": "the limit", "limsup": "the limit superior",
        "liminf": "the limit inferior", "E": "the expectation", "bigvee": "the or",
        "bigwedge": "the and"}  # fmt: skip
SYMBOLS = {"infty": "infinity", "emptyset": "the empty set", "varnothing": "the empty set",
            "top": "top", "bot": "bottom", "partial": "partial", "nabla": "nabla", "prime": "prime",
            "dagger": "dagger", "angle": "angle", "triangle": "triangle", "hbar": "h bar",
            "ell": "ell", "%": "percent", "#": "number", "$": "dollars", "_": "underscore",
            "&": "and"}  # fmt: skip
FRACTION_WORDS = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh",
                   8: "eighth", 9: "ninth", 10: "tenth"}  # fmt: skip
NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()
ACCENT_SAID = {"hat": "hat", "tilde": "tilde", "bar": "bar", "vec": "vector", "dot": "dot",
                "ddot": "double dot", "check": "check", "breve": "breve", "underline": "underline",
                "ring": "ring", "acute": "acute", "grave": "grave"}  # fmt: skip
BB = {"R": "the real numbers", "N": "the natural numbers", "Z": "the integers",
       "Q": "the rationals", "C": "the complex numbers"}  # fmt: skip
# An operator read by what the decoder says it is (first keyword found in the meaning wins).
OP_BY_MEANING = (
    (("element-wise", "elementwise", "hadamard", "element wise"), "element-wise times"),
    (("composition", "composed", "compose"), "composed with"),
    (("convolution", "convolve"), "convolved with"),
    (("concatenat",), "concatenated with"),
    (("kronecker",), "Kronecker product"),
    (("exclusive or", "xor"), "x-or"),
    (("direct sum",), "direct sum"),
    (("outer product",), "outer product"),
    (("cross product",), "cross"),
    (("dot product", "inner product"), "dot"),
)
