"""Key terms, junk and reading paths on the corpus papers (issue 16's measures).

    .venv/bin/python benchmarks/bench_terms.py [--seed 16] [--sample 50] [--calibrate]

1. **Key terms explained on the development set.** Every corpus paper is read with
   ``paperpal show <folder> --json`` (a scratch library, no model) into a folder, and
   ``../shared/tools/score_meanings.py`` scores the 12 annotated papers; its "key terms explained"
   line is the headline figure. Per paper, the same rule is applied here (a key term counts when
   it or an alias names a term that has a concept or an explanation). Also reported: how many of
   the annotated key terms are among paperpal's own key terms (``key: true``), a check on the
   ranking, and, for the corpus papers with no annotation (1412.3555, 1605.09410, 1911.02782),
   what was found and explained there; those are papers the key-term annotation never saw.
2. **Junk rate.** A seeded random sample of the terms listed across the corpus, each judged by
   reading the paper (``benchmarks/data/terms_judged.json``: "ok", "junk" = not a real term, or
   "wrong" = linked to the wrong concept or explained wrongly). Terms the sample draws that have
   no judgement yet are listed; judge them and run again.
3. **Reading paths.** The default path's length per paper (aim: at most 25) and the full path's.
4. **Paper definitions** (``benchmarks/data/definitions_judged.json``): how often each kind of
   definition paperpal reads out of the papers is right; ``linking.defined.CONFIDENCE`` holds
   these shares.
5. With ``--calibrate``, links by meaning: every unexplained candidate's nearest concept and its
   similarity, judged in ``benchmarks/data/meaning_links_judged.json``; the threshold is the
   lowest similarity above which at least 90% of the judged links are right
   (``linking.meaning.DEFAULT_THRESHOLD``).

Results go to ``benchmarks/results/terms_bench.json``. Nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
DEV = SHARED / "datasets" / "meanings" / "dev.json"
SCORER = SHARED / "tools" / "score_meanings.py"
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"
PAPERPAL = ROOT / ".venv" / "bin" / "paperpal"
PRECISION_TARGET = 0.9


def term_key(paper: str, term: dict[str, Any]) -> str:
    return f"{paper}|{term['name']}|{term['concept'] or '-'}"


def show_all(folder: Path) -> dict[str, dict[str, Any]]:
    """``paperpal show <paper> --json`` for every corpus paper, saved as ``<id>.json``."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PAPERPAL_HOME": tempfile.mkdtemp(prefix="paperpal-bench-")}
    reports = {}
    for paper in sorted(p.name for p in CORPUS.iterdir() if p.is_dir()):
        done = subprocess.run(
            [str(PAPERPAL), "show", str(CORPUS / paper), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        (folder / f"{paper}.json").write_text(done.stdout)
        reports[paper] = json.loads(done.stdout)
    return reports


def names_of(terms: list[dict[str, Any]], *, only_key: bool = False) -> list[str]:
    # The scorer's rule (../shared/tools/score_meanings.py): names and abbreviations of terms
    # that have a concept or an explanation.
    found = []
    for term in terms:
        if only_key and not term.get("key"):
            continue
        if term.get("concept") or term.get("explanation"):
            found += [term.get("name") or "", term.get("abbreviation") or ""]
    return [n.lower() for n in found if n]


def hit(key_term: dict[str, Any], names: list[str]) -> bool:
    alternatives = [key_term["term"].lower()] + [a.lower() for a in key_term.get("aliases", [])]
    return any(a == n or (len(a) > 3 and a in n) for a in alternatives for n in names)


def key_terms(reports: dict[str, dict[str, Any]], folder: Path) -> dict[str, Any]:
    truth = json.loads(DEV.read_text())["papers"]
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), str(folder)], capture_output=True, text=True, check=True
    ).stdout
    line = next(row for row in scored.splitlines() if row.startswith("key terms explained"))
    per_paper = {}
    for paper, annotation in truth.items():
        terms = reports[paper]["terms"]
        explained = [k["term"] for k in annotation["key_terms"] if hit(k, names_of(terms))]
        ranked = [k["term"] for k in annotation["key_terms"] if hit(k, names_of(terms, only_key=True))]
        per_paper[paper] = {
            "key_terms": len(annotation["key_terms"]),
            "explained": len(explained),
            "missed": [k["term"] for k in annotation["key_terms"] if k["term"] not in explained],
            "among_paperpal_key_terms": len(ranked),
            "paperpal_key_terms": [t["name"] for t in terms if t.get("key")],
        }
    explained_total = sum(p["explained"] for p in per_paper.values())
    total = sum(p["key_terms"] for p in per_paper.values())
    unannotated = {}
    for paper, report in reports.items():
        if paper in truth:
            continue
        terms = report["terms"]
        unannotated[paper] = {
            "terms": len(terms),
            "explained": sum(1 for t in terms if t.get("concept") or t.get("explanation")),
            "defined_by_the_paper": [t["name"] for t in terms if t.get("match") == "defined"],
            "paperpal_key_terms": [
                f"{t['name']} ({'explained' if t.get('concept') or t.get('explanation') else 'not explained'})"
                for t in terms
                if t.get("key")
            ],
        }
    return {
        "scorer": line,
        "explained": explained_total,
        "total": total,
        "share": round(explained_total / total, 3) if total else 0.0,
        "among_paperpal_key_terms": sum(p["among_paperpal_key_terms"] for p in per_paper.values()),
        "per_paper": per_paper,
        "not_annotated": unannotated,
    }


def junk(reports: dict[str, dict[str, Any]], seed: int, size: int) -> dict[str, Any]:
    listed = [(paper, term) for paper, report in sorted(reports.items()) for term in report["terms"]]
    sample = random.Random(seed).sample(listed, min(size, len(listed)))
    judged_file = DATA / "terms_judged.json"
    judged = json.loads(judged_file.read_text()) if judged_file.exists() else {}
    rows, unjudged = [], []
    for paper, term in sample:
        key = term_key(paper, term)
        verdict = judged.get(key)
        if verdict is None:
            unjudged.append(
                {"key": key, "match": term["match"], "explanation": (term.get("explanation") or "")[:160]}
            )
            continue
        rows.append({"key": key, **verdict})
    bad = [r for r in rows if r["verdict"] != "ok"]
    # Every listed term judged so far (earlier samples included): a steadier figure than 50.
    listed_keys = {term_key(paper, term) for paper, term in listed}
    everyone = [judged[k] for k in listed_keys if k in judged]
    return {
        "all_judged_still_listed": len(everyone),
        "all_judged_bad": sum(1 for v in everyone if v["verdict"] != "ok"),
        "all_judged_rate": round(sum(1 for v in everyone if v["verdict"] != "ok") / len(everyone), 3)
        if everyone
        else None,
        "seed": seed,
        "sample": len(sample),
        "listed_terms": len(listed),
        "judged": len(rows),
        "junk_or_wrong": len(bad),
        "rate": round(len(bad) / len(rows), 3) if rows else None,
        "bad": bad,
        "unjudged": unjudged,
    }


def paths(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rows = {
        paper: {
            "default": len(r["reading_path"]),
            "full": len(r["full_reading_path"]),
            "groups": {
                g: sum(1 for s in r["reading_path"] if s["group"] == g)
                for g in ("foundations", "building-blocks", "paper")
            },
        }
        for paper, r in sorted(reports.items())
    }
    return {"max_default": max(r["default"] for r in rows.values()), "per_paper": rows}


def definitions() -> dict[str, Any]:
    """Per kind, how many of the paper definitions found in the corpus are right (judged), and
    how long ``find_terms`` takes per paper without a model (best of 3, a loaded machine)."""
    import time

    from paperpal.glossary import load_glossary
    from paperpal.linking import find_terms
    from paperpal.linking.defined import find_definitions
    from paperpal.linking.words import units
    from paperpal.pipeline import load_document

    glossary = load_glossary(None)
    seconds: dict[str, float] = {}

    judged_file = DATA / "definitions_judged.json"
    judged = json.loads(judged_file.read_text()) if judged_file.exists() else {}
    by_kind: dict[str, dict[str, int]] = {}
    unjudged = []
    seen = set()
    for paper in sorted(p.name for p in CORPUS.iterdir() if p.is_dir()):
        _, document = load_document(str(CORPUS / paper))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            find_terms(document, glossary)
            times.append(time.perf_counter() - start)
        seconds[paper] = round(min(times), 3)
        for definition in find_definitions(units(document)):
            key = f"{paper}|{definition.kind}|{definition.term}|{definition.gloss or ''}"
            if key in seen:
                continue
            seen.add(key)
            verdict = judged.get(key)
            if verdict is None:
                unjudged.append({"key": key, "sentence": definition.sentence[:200]})
                continue
            counts = by_kind.setdefault(definition.kind, {"right": 0, "wrong": 0})
            counts["right" if verdict else "wrong"] += 1
    return {
        "per_kind": {
            kind: {**c, "precision": round(c["right"] / (c["right"] + c["wrong"]), 3)}
            for kind, c in sorted(by_kind.items())
        },
        "unjudged": unjudged,
        "find_terms_seconds": seconds,
    }


def calibrate(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from paperpal.embeddings import Embedder
    from paperpal.glossary import load_glossary
    from paperpal.linking.meaning import nearest_concepts

    glossary = load_glossary(None)
    phrases = sorted(
        {
            t["name"]
            for r in reports.values()
            for t in r["terms"]
            if not t.get("concept") and not t.get("explanation")
        }
    )
    nearest = nearest_concepts(phrases, glossary, Embedder())
    judged_file = DATA / "meaning_links_judged.json"
    judged = json.loads(judged_file.read_text()) if judged_file.exists() else {}
    links, unjudged = [], []
    for phrase, (concept, similarity) in zip(phrases, nearest, strict=True):
        key = f"{phrase}|{concept}"
        if key not in judged:
            if similarity >= 0.5:
                unjudged.append({"key": key, "similarity": similarity})
            continue
        links.append((similarity, bool(judged[key]), key))
    links.sort(reverse=True)
    table = []
    threshold = None
    for index, (similarity, _, _) in enumerate(links):
        above = links[: index + 1]
        precision = sum(1 for _, right, _ in above if right) / len(above)
        table.append({"threshold": similarity, "links": len(above), "precision": round(precision, 3)})
    # The lowest similarity at which the links above it are still PRECISION_TARGET right; when
    # none is, just above the most similar link judged wrong.
    for row in table:
        if row["precision"] >= PRECISION_TARGET:
            threshold = row["threshold"]
    rule = "lowest similarity with the links above it at least 90% right"
    if threshold is None:
        wrong = [similarity for similarity, right, _ in links if not right]
        threshold = round(max(wrong) + 0.001, 2) if wrong else None
        rule = "no similarity reaches 90%: just above the most similar link judged wrong"
    return {
        "rule": rule,
        "right": sum(1 for _, right, _ in links if right),
        "judged_links": len(links),
        "threshold": threshold,
        "precision_target": PRECISION_TARGET,
        "table": table,
        "unjudged": unjudged,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument(
        "--calibrate", action="store_true", help="also judge links by meaning (loads the model)"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["PAPERPAL_HOME"] = tempfile.mkdtemp(prefix="paperpal-bench-")

    with tempfile.TemporaryDirectory(prefix="paperpal-show-") as tmp:
        reports = show_all(Path(tmp))
        result: dict[str, Any] = {"key_terms": key_terms(reports, Path(tmp))}
    result["junk"] = junk(reports, args.seed, args.sample)
    result["paths"] = paths(reports)
    result["definitions"] = definitions()
    if args.calibrate:
        result["meaning_links"] = calibrate(reports)

    keys = result["key_terms"]
    print(keys["scorer"])
    for paper, row in keys["per_paper"].items():
        print(
            f"  {paper}: {row['explained']}/{row['key_terms']} explained, {row['among_paperpal_key_terms']} among paperpal's key terms; missed {row['missed']}"
        )
    print(f"not annotated (papers the annotation never saw): {json.dumps(keys['not_annotated'], indent=1)}")
    j = result["junk"]
    print(f"junk: {j['junk_or_wrong']}/{j['judged']} judged ({j['rate']}), {len(j['unjudged'])} unjudged")
    print(
        f"  every judged term still listed: {j['all_judged_bad']}/{j['all_judged_still_listed']} ({j['all_judged_rate']})"
    )
    for row in j["unjudged"]:
        print("  unjudged:", json.dumps(row, ensure_ascii=False))
    print("paths:", {p: r["default"] for p, r in result["paths"]["per_paper"].items()})
    print(
        "definitions:",
        result["definitions"]["per_kind"],
        f"{len(result['definitions']['unjudged'])} unjudged",
    )
    if args.calibrate:
        m = result["meaning_links"]
        print(
            f"meaning links: threshold {m['threshold']} from {m['judged_links']} judged, {len(m['unjudged'])} unjudged"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "terms_bench.json"
    if not args.calibrate and out.exists():
        previous = json.loads(out.read_text())
        if "meaning_links" in previous:
            result["meaning_links"] = previous["meaning_links"]
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
