"""Person-linkage quality and speed: the engine (registry/linkage) on bench/linkage_generator.py's reports.

Person-level precision and recall are counted over pairs: every (incoming report, registry person) pair and every
pair of incoming reports put together (same registry person, or same new person) is a predicted pair; the truth's
pairs are the same kinds of pair by the generator's person. Review items count as decided correctly (the issue's
rule): a reviewed report joins its true registry person, or the predicted new person most of its true fellow
reports joined. Targets (issue 13, full scale 100,000 reports against 1,000,000 persons): precision >= 0.998,
recall >= 0.995, <= 3% to review, <= 10 minutes, <= 2 GB peak memory.

Run: python bench/linkage_quality.py --registry 100000 --incoming 10000 [--train] [--seed 0]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_generator import generate

from registry.linkage.engine import Decision, Thresholds, link_persons
from registry.linkage.model import default_model, train_model


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    review_share: float
    counts: dict[str, int]
    wrong_links: int


def _pairs(labels: pd.Series) -> int:
    sizes = labels.value_counts().to_numpy()
    return int((sizes * (sizes - 1) // 2).sum())


def quality(decisions: list[Decision], incoming: pd.DataFrame, existing: pd.DataFrame) -> Quality:
    """Pairwise person-level precision/recall of the decisions against ``incoming['truth']`` (module doc)."""
    truth = dict(zip(incoming["record_id"], incoming["truth"], strict=True))
    in_registry = set(existing["truth"])
    label = {}
    for d in decisions:
        if d.outcome == "link":
            label[d.record_id] = "P:" + d.person_id
        elif d.outcome == "new":
            label[d.record_id] = d.new_person
    by_truth: dict[str, Counter] = {}
    for rid, lab in label.items():
        by_truth.setdefault(truth[rid], Counter())[lab] += 1
    for d in decisions:
        if d.outcome == "review":
            t = truth[d.record_id]
            fellows = by_truth.get(t)
            label[d.record_id] = "P:" + t if t in in_registry else (
                fellows.most_common(1)[0][0] if fellows else "reviewed:" + t)
    frame = pd.DataFrame({"pred": [label[d.record_id] for d in decisions],
                          "truth": [truth[d.record_id] for d in decisions]})
    frame["truth_linked"] = frame["truth"].isin(in_registry)
    pred_x = frame["pred"].str.startswith("P:")
    true_x = frame["truth_linked"]
    right_x = pred_x & (frame["pred"] == "P:" + frame["truth"])
    both = frame["pred"] + "|" + frame["truth"]
    tp = int(right_x.sum()) + _pairs(both)
    predicted = int(pred_x.sum()) + _pairs(frame["pred"])
    actual = int(true_x.sum()) + _pairs(frame["truth"])
    counts = Counter(d.outcome for d in decisions)
    return Quality(tp / max(predicted, 1), tp / max(actual, 1), counts["review"] / max(len(decisions), 1),
                   dict(counts), int((pred_x & ~right_x).sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=int, default=100_000, help="persons already in the registry")
    parser.add_argument("--incoming", type=int, default=10_000, help="incoming reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", action="store_true", help="estimate u and m on the registry's records first")
    parser.add_argument("--link", type=float, default=Thresholds().link)
    parser.add_argument("--review", type=float, default=Thresholds().review)
    args = parser.parse_args()
    start = time.perf_counter()
    data = generate(args.registry, args.incoming, args.seed)
    print(f"generated {len(data.existing):,} registry records ({args.registry:,} persons), "
          f"{len(data.incoming):,} incoming reports in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    model = train_model(data.existing.drop(columns=["truth"])) if args.train else default_model()
    trained = time.perf_counter() - start
    print(f"model: {'; '.join(model.notes)} ({trained:.1f} s)")
    start = time.perf_counter()
    decisions = link_persons(data.incoming.drop(columns=["truth"]), data.existing.drop(columns=["truth"]), model,
                             Thresholds(link=args.link, review=args.review))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q = quality(decisions, data.incoming, data.existing)
    print(f"linkage: {len(data.incoming):,} reports x {args.registry:,} persons in {seconds:.1f} s "
          f"(peak RSS of the process {peak:,.0f} MB); outcomes {q.counts}")
    print(f"precision {q.precision:.4f} (target >= 0.998), recall {q.recall:.4f} (target >= 0.995), "
          f"review {q.review_share:.2%} (target <= 3%), wrong links to registry persons {q.wrong_links}")


if __name__ == "__main__":
    main()
