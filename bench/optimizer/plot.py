"""The benchmark's figure: realized daily margin per policy, one panel per seed."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt

STYLE = {
    "no_change": ("#888888", "--"),
    "rules": ("#d62728", "-"),
    "allocation": ("#9467bd", "-"),
    "rules_allocation": ("#1f77b4", "-"),
    "oracle": ("#2ca02c", ":"),
}


def plot_daily_margins(seeds: list[dict], path: Path) -> None:
    """Write a PNG with one row per seed: daily (left) and cumulative (right) realized margin.

    Every policy of the seed is one line (THB, thousands).
    """
    fig, axes = plt.subplots(
        len(seeds), 2, figsize=(12, 3.2 * len(seeds)), sharex=True, squeeze=False
    )
    for (daily_ax, cum_ax), s in zip(axes, seeds, strict=True):
        for policy, daily in s["daily_margin_thb"].items():
            color, line = STYLE.get(policy, ("black", "-"))
            days = range(1, len(daily) + 1)
            label = f"{policy} ({s[policy] / 1e3:,.0f}k)"
            daily_ax.plot(days, [d / 1e3 for d in daily], line, color=color, lw=1.2, label=label)
            cum_ax.plot(
                days,
                [sum(daily[: i + 1]) / 1e3 for i in range(len(daily))],
                line,
                color=color,
                lw=1.5,
                label=label,
            )
        daily_ax.set_title(f"seed {s['seed']}: daily margin", loc="left", fontsize=10)
        cum_ax.set_title(f"seed {s['seed']}: cumulative margin", loc="left", fontsize=10)
        daily_ax.set_ylabel("kTHB")
        for ax in (daily_ax, cum_ax):
            ax.grid(alpha=0.3)
        cum_ax.legend(fontsize=8, loc="upper left")
    for ax in axes[-1]:
        ax.set_xlabel("simulated day")
    fig.suptitle("Closed loop on the sandbox: realized margin (truth) per policy")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
