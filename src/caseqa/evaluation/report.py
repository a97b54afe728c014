"""Turns an evaluation report into Markdown tables and writes it next to its JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseqa.evaluation.runner import ANSWERER

#: (column header, summary key) of each table; keys ending in "_ms" are milliseconds.
RETRIEVAL_COLUMNS = (
    ("R@1", "recall@1"),
    ("R@3", "recall@3"),
    ("R@5", "recall@5"),
    ("R@10", "recall@10"),
    ("MRR@10", "mrr@10"),
    ("nDCG@10", "ndcg@10"),
    ("EvRecall", "evidence_recall@10"),
    ("p50ms", "latency_p50_ms"),
    ("p95ms", "latency_p95_ms"),
)
ANSWER_COLUMNS = (
    ("Supported", "supported"),
    ("F1", "f1"),
    ("Recall", "recall"),
    ("AbstainAcc", "abstention_accuracy"),
    ("FalseAbstain", "false_abstention_rate"),
    ("CiteExact", "citation_exactness"),
    ("AUROC", "confidence_auroc"),
    ("p50ms", "latency_p50_ms"),
)


#: One line per column header, printed under the tables so a reader need not look the metrics up.
COLUMN_NOTES = {
    "R@k": "share of questions with a passage holding a gold quote among the top k (R@1, R@3, R@5, R@10)",
    "MRR@10": "mean of 1/rank of the first passage holding a gold quote (0 when none is in the top 10)",
    "nDCG@10": "ranking quality with every gold-quote passage counted, 1.0 when they all come first",
    "EvRecall": "share of a question's gold quotes found in its top 10 passages, averaged",
    "p50ms / p95ms": "median and 95th-percentile time per question, in milliseconds",
    "Supported": "share of answerable questions whose answer holds at least one gold quote (abstaining counts as not)",
    "F1": "word overlap of the answer with the gold answer (SQuAD-style token F1); whole sentences keep it low",
    "Recall": "share of the gold answer's words that the answer contains",
    "AbstainAcc": "share of unanswerable questions on which caseqa said the sources do not answer",
    "FalseAbstain": "share of answerable questions on which caseqa wrongly said the sources do not answer",
    "CiteExact": "share of cited sentences whose character span in the stored source holds exactly that sentence",
    "AUROC": "chance that a supported answer gets a higher confidence than an unsupported one (0.5: no better than chance)",
}


def _cell(key: str, value: Any) -> str:
    """A metric as shown: rates to 3 decimals, milliseconds to 1, a dash when not applicable."""
    if value is None:
        return "–"
    return f"{value:.1f}" if key.endswith("_ms") else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, first column left-aligned and the numbers right-aligned."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _mode_rows(
    summaries: Mapping[str, Mapping[str, Any]], columns: Sequence[tuple[str, str]]
) -> list[list[str]]:
    """One table row per mode from its overall summary."""
    return [[mode] + [_cell(key, s.get(key)) for _, key in columns] for mode, s in summaries.items()]


def format_table(report: Mapping[str, Any]) -> str:
    """Markdown tables of a report: retrieval per mode, the answerer, then per facet."""
    modes = report["modes"]
    search = {m: v["overall"] for m, v in modes.items() if m != ANSWERER}
    parts = []
    if search:
        header = ["Mode"] + [name for name, _ in RETRIEVAL_COLUMNS]
        parts.append("## Retrieval\n\n" + _table(header, _mode_rows(search, RETRIEVAL_COLUMNS)))
    if ANSWERER in modes:
        header = ["Mode"] + [name for name, _ in ANSWER_COLUMNS]
        rows = _mode_rows({ANSWERER: modes[ANSWERER]["overall"]}, ANSWER_COLUMNS)
        parts.append("## Answers\n\n" + _table(header, rows))
    parts.append("## By facet\n\n" + _facet_table(modes))
    parts.append(column_notes())
    return "\n\n".join(parts) + "\n"


def column_notes() -> str:
    """What each column means, one line each."""
    return "Columns:\n" + "\n".join(f"- **{name}**: {note}" for name, note in COLUMN_NOTES.items())


def _facet_table(modes: Mapping[str, Any]) -> str:
    """R@5 and nDCG@10 of each search mode and the answerer's Supported, one row per facet."""
    facets = sorted({f for v in modes.values() for f in v["by_facet"]})
    search = [m for m in modes if m != ANSWERER]
    header = ["Facet", "n"] + [f"{m} {name}" for m in search for name in ("R@5", "nDCG@10")]
    if ANSWERER in modes:
        header.append("Supported")
    rows = []
    for facet in facets:
        per_mode = {m: v["by_facet"].get(facet, {}) for m, v in modes.items()}
        row = [facet, str(max(s.get("n", 0) for s in per_mode.values()))]
        row += [_cell(k, per_mode[m].get(k)) for m in search for k in ("recall@5", "ndcg@10")]
        if ANSWERER in modes:
            row.append(_cell("supported", per_mode[ANSWERER].get("supported")))
        rows.append(row)
    return _table(header, rows)


def format_markdown(report: Mapping[str, Any]) -> str:
    """The Markdown summary: what was run, when and on which set, then the tables."""
    header = (
        f"# caseqa evaluation: {report['set']}\n\n"
        f"- Command: `{report['command']}`\n"
        f"- Date: {report['created']}\n"
        f"- Questions: {report['n_questions']} ({report['n_answerable']} answerable)\n"
        f"- caseqa version: {report['caseqa_version']}\n"
    )
    return header + "\n" + format_table(report)


def write_report(report: Mapping[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write ``<stamp>-<set>.json`` and ``.md`` into ``out_dir``; the stamp is the report's creation time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report["created"]).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = f"{stamp}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', report['set'])}"
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(format_markdown(report), encoding="utf-8")
    return json_path, md_path
