"""The words of the system-planning results, in Japanese and English (shared by the page and the documents).

Flags and formulas are computed without language; this module turns them into sentences, naming
fields by their column labels from the checklist so the user reads the words they see in the table.
"""

from __future__ import annotations

import re

from app.core.content.model import Item
from app.core.i18n import Lang
from app.system_planning.capacity import Flag, Formula, num
from app.system_planning.service import SPEC_COLUMNS

FLAGS: dict[str, dict[Lang, str]] = {
    "missing": {"ja": "未入力: {fields}", "en": "Missing: {fields}"},
    "invalid": {"ja": "{field}: 「{value}」は正の数ではありません", "en": "{field}: '{value}' is not a positive number"},
    "too_large": {"ja": "{field}: 「{value}」は大きすぎて計算できません", "en": "{field}: '{value}' is too large to calculate with"},
    "unknown_instance": {
        "ja": "マシンタイプ「{name}」がインスタンスカタログにありません",
        "en": "Machine type '{name}' is not in the instance catalogue",
    },
    "not_in_region": {
        "ja": "マシンタイプ「{name}」はリージョン {region} の料金がインスタンスカタログにありません",
        "en": "Machine type '{name}' has no price for region {region} in the instance catalogue",
    },
    "no_price_kind": {
        "ja": "マシンタイプ「{name}」には{kind}の料金がありません(プロジェクトの料金)",
        "en": "Machine type '{name}' has no {kind} price (the project's prices)",
    },
    "price_currency": {
        "ja": "マシンタイプ「{name}」の料金は{currency}で、他の料金({expected})と通貨が違うため合計に含めていません。料金を現在のカタログに更新してください",
        "en": "Machine type '{name}' is priced in {currency}, not {expected} like the others: left out of the total. Update the prices to the current catalogue",
    },
    "window_missed": {
        "ja": "バッチウィンドウ{window_h}時間に収まりません(1回{run_h}時間。必要台数{needed}台)",
        "en": "Misses the {window_h} h batch window: a run takes {run_h} h (needs {needed} instances)",
    },
    "unit_exceeds_window": {
        "ja": "処理1単位({unit_h}時間)がバッチウィンドウ{window_h}時間より長く、台数を増やしても収まりません",
        "en": "One unit of work ({unit_h} h) is longer than the {window_h} h batch window; more instances cannot fix it",
    },
    "runs_overlap": {
        "ja": "1回の実行({run_h}時間)が実行間隔({period_h}時間)より長く、次の実行と重なります",
        "en": "A run ({run_h} h) takes longer than the interval between runs ({period_h} h); runs overlap",
    },
    "latency_missed": {
        "ja": "レイテンシ要件{required_ms}msを満たせません(計測{latency_ms}ms)。台数では改善しないため、速いマシンタイプかモデルの最適化を検討",
        "en": "Misses the {required_ms} ms latency requirement (measured {latency_ms} ms); more instances do not help: try a faster machine type or model optimisation",
    },
    "throughput_short": {
        "ja": "予定{planned}台ではピーク{rate}件/秒を処理できません(目標使用率と予備1台を含めて必要{needed}台)",
        "en": "The planned instances ({planned}) cannot serve the peak of {rate}/s (needs {needed} with the target utilisation and one spare)",
    },
    "over_target": {
        "ja": "予定{planned}台ではピーク時の使用率が{utilisation}で、目標{target}を超えます(予備1台を含めて必要{needed}台)",
        "en": "The planned instances ({planned}) run at {utilisation} at peak, above the {target} target (needs {needed} including one spare)",
    },
    "no_spare": {
        "ja": "予備がありません: 1台が障害・更新で止まると残りの使用率が{one_down}になり、目標{target}を超えます(N+1で必要{needed}台)",
        "en": "No spare: with one instance down (failure or update) the others run at {one_down}, above the {target} target (N+1 needs {needed})",
    },
    "target_range": {
        "ja": "{field}: 「{value}」は1〜100の百分率ではありません(70%で計算)",
        "en": "{field}: '{value}' is not a percentage from 1 to 100 (70 % used)",
    },
    "target_fraction": {
        "ja": "{field}: 「{value}」は割合の書き方です。百分率で入力してください({percent}なら「{hundred}」)。それまでは70%で計算",
        "en": "{field}: '{value}' reads as a fraction: type a percentage ('{hundred}' for {percent}); 70 % used until then",
    },
    "row_missing": {"ja": "{row}行目 未入力: {fields}", "en": "Row {row}: missing {fields}"},
    "no_rate": {
        "ja": "{row}行目: {currency}の為替レートがありません(合計に含めていません)",
        "en": "Row {row}: no exchange rate for {currency} (left out of the totals)",
    },
    "unusable_rate": {
        "ja": "{row}行目: {currency}の為替レート「{rate}」は0より大きい数ではないため使えません(合計に含めていません)。為替レートを直してください",
        "en": "Row {row}: the exchange rate for {currency}, '{rate}', is not a number above 0 and cannot be used (left out of the totals): correct it in Exchange rates",
    },
    "row_too_large": {
        "ja": "{row}行目「{item}」: {fields}が大きすぎて金額を計算できません(合計に含めていません)",
        "en": "Row {row} ('{item}'): {fields}: too large to calculate the amount with (left out of the totals)",
    },
    "rate_too_large": {
        "ja": "{row}行目: {currency}の為替レート「{rate}」で換算すると金額が大きすぎて計算できません(合計に含めていません)。為替レートを直してください",
        "en": "Row {row}: the exchange rate for {currency}, '{rate}', makes the amount too large to calculate with (left out of the totals): correct it in Exchange rates",
    },
    "row_too_large_unnamed": {
        "ja": "{row}行目: {fields}が大きすぎて金額を計算できません(合計に含めていません)",
        "en": "Row {row}: {fields}: too large to calculate the amount with (left out of the totals)",
    },
    "capacity_too_large": {
        "ja": "キャパシティ計算のインフラ費用は{currency}の為替レートで換算すると大きすぎるため、合計に含めていません",
        "en": "The calculator's infrastructure cost is too large once converted from {currency}: it is left out of the totals",
    },
    "retraining_too_large": {
        "ja": "再学習1回あたりのコスト「{value}」は大きすぎて計算できません(月額に含めていません)",
        "en": "Cost of one retraining: '{value}' is too large to calculate with (not in the monthly total)",
    },
    "value_too_large": {
        "ja": "期待されるビジネス価値(月額)「{value}」は大きすぎて計算できません(費用対効果に含めていません)",
        "en": "Expected business value per month: '{value}' is too large to calculate with (left out of the cost-effectiveness)",
    },
    "retraining_negative": {
        "ja": "再学習1回あたりのコスト「{value}」は0より小さいため使えません(月額に含めていません)。0以上の金額に直してください",
        "en": "Cost of one retraining: '{value}' is below 0 and cannot be used (not in the monthly total): correct it to an amount of 0 or more",
    },
    "value_negative": {
        "ja": "期待されるビジネス価値(月額)「{value}」は0より小さいため使えません(費用対効果に含めていません)。0以上の金額に直してください",
        "en": "Expected business value per month: '{value}' is below 0 and cannot be used (left out of the cost-effectiveness): correct it to an amount of 0 or more",
    },
    "capacity_no_rate": {
        "ja": "インスタンスカタログの通貨{currency}の為替レートがないため、キャパシティ計算のインフラ費用を合計に含めていません",
        "en": "No exchange rate for the instance catalogue's currency {currency}: the calculator's infrastructure cost is left out of the totals",
    },
    "capacity_unusable_rate": {
        "ja": "インスタンスカタログの通貨{currency}の為替レート「{rate}」は0より大きい数ではないため使えず、キャパシティ計算のインフラ費用を合計に含めていません。為替レートを直してください",
        "en": "The exchange rate for the instance catalogue's currency {currency}, '{rate}', is not a number above 0 and cannot be used: the calculator's infrastructure cost is left out of the totals. Correct it in Exchange rates",
    },
    "price_too_large": {
        "ja": "マシンタイプ「{name}」の時間単価({price} {currency})は大きすぎて計算できません(合計に含めていません)。料金を直すか現在のカタログに更新してください",
        "en": "Machine type '{name}': its hourly price of {price} {currency} is too large to calculate with (left out of the total). Correct the price or update it to the current catalogue",
    },
    "cost_too_large": {
        "ja": "マシンタイプ「{name}」の月額インフラ費用は大きすぎて計算できません(合計に含めていません)。台数・データ量・料金を確認してください",
        "en": "Machine type '{name}': the monthly infrastructure cost is too large to calculate with (left out of the total). Check the instances, the volume and the price",
    },
    "retraining_irregular": {
        "ja": "再学習が不定期のため、1回あたり{cost}は月額に含めていません",
        "en": "Retraining is irregular: its cost per run ({cost}) is not in the monthly total",
    },
}

FORMULAS: dict[str, dict[Lang, str]] = {
    "units": {"ja": "処理単位数", "en": "Units of work"},
    "work": {"ja": "処理量", "en": "Work per run"},
    "capacity": {"ja": "1台あたりの処理能力", "en": "Capacity per instance"},
    "throughput": {"ja": "必要スループット", "en": "Required throughput"},
    "load": {"ja": "負荷に必要な台数(目標使用率)", "en": "Instances for the load (at the target utilisation)"},
    "required": {"ja": "必要台数", "en": "Instances required"},
    "one_down": {"ja": "1台停止時の使用率(N+1)", "en": "Utilisation with one instance down (N+1)"},
    "run": {"ja": "1回の実行時間", "en": "Run time"},
    "utilisation": {"ja": "ピーク時の使用率", "en": "Utilisation at peak"},
    "latency": {"ja": "レイテンシ", "en": "Latency"},
    "hours": {"ja": "月間稼働時間", "en": "Instance-hours per month"},
    "cost": {"ja": "月額インフラ費用", "en": "Monthly infrastructure cost"},
    "capacity_converted": {"ja": "キャパシティ計算のインフラ費用(換算)", "en": "Calculated infrastructure, converted"},
    "retraining": {"ja": "再学習(月額)", "en": "Retraining per month"},
    "running_monthly": {"ja": "ランニング(月額)", "en": "Running cost per month"},
    "running_yearly": {"ja": "ランニング(年額)", "en": "Running cost per year"},
    "first_year": {"ja": "初年度合計", "en": "First-year total"},
    "net": {"ja": "正味の効果(月額)", "en": "Net benefit per month"},
    "payback": {"ja": "初期費用の回収期間(月)", "en": "Payback of the initial cost (months)"},
}

# The cost formulas are sums of named lines: their expression is said in words, in the reader's language.
EXPRESSIONS: dict[str, dict[Lang, str]] = {
    "capacity_converted": {"ja": "月額 × 為替レート", "en": "cost per month × exchange rate"},
    "retraining": {"ja": "月あたりの回数 × 1回のコスト", "en": "runs per month × cost per run"},
    "running_monthly": {"ja": "インフラ(表) + インフラ(キャパシティ計算) + 開発工数 + 再学習", "en": "infrastructure (table) + infrastructure (calculator) + effort + retraining"},
    "running_yearly": {"ja": "月額 × 12", "en": "per month × 12"},
    "first_year": {"ja": "初期 + ランニング(年額)", "en": "initial + running per year"},
    "net": {"ja": "ビジネス価値 − ランニング(月額)", "en": "business value − running per month"},
    "payback": {"ja": "初期 / 正味の効果(月額)", "en": "initial / net benefit per month"},
}

# The capacity formulas are symbols the legend explains; the few words among them are said in the
# reader's language (H = n × D × runs/month is H = n × D × 月間実行回数 in a Japanese document).
WORDS: dict[str, dict[Lang, str]] = {
    "runs/month": {"ja": "月間実行回数", "en": "runs/month"},
    "cost": {"ja": "月額", "en": "cost"},
}
_WORD = re.compile("|".join(rf"(?<![\w/]){re.escape(w)}(?![\w/])" for w in sorted(WORDS, key=len, reverse=True)))

LEGEND: dict[Lang, str] = {
    "ja": "V: データ量、b: バッチサイズ、t: 処理時間(1件またはバッチ1回)、w: 1台の並列数、n: 台数、W: バッチウィンドウ、"
          "P: 処理頻度の期間、peak: ピーク係数、U: 処理単位数、S: 処理量、C: 1台の処理能力、R: 必要スループット、"
          "ρ: ピーク時の使用率、ρ_t: 目標使用率(既定70%)、ρ₋₁: 1台停止時の使用率、n_load: 目標使用率で負荷を処理する台数、"
          "n_req: 必要台数(オンラインはn_load + 予備1台)、N+1: 予備1台、L: レイテンシ、"
          "D: 1回の実行時間、H: 月間稼働時間(1か月 = 730時間)、p: 時間単価",
    "en": "V: data volume, b: batch size, t: processing time (per item or per batch), w: workers per instance, "
          "n: instances, W: batch window, P: frequency period, peak: peak factor, U: units of work, S: work, "
          "C: capacity per instance, R: required throughput, ρ: utilisation at peak, ρ_t: target utilisation "
          "(70 % by default), ρ₋₁: utilisation with one instance down, n_load: instances for the load at the target, "
          "n_req: instances required (online: n_load + one spare), N+1: one spare instance, L: latency, D: run time, "
          "H: instance-hours per month (a month = 730 h), p: hourly price",
}

PRICE_KINDS: dict[str, dict[Lang, str]] = {
    "on_demand": {"ja": "オンデマンド", "en": "on-demand"},
    "reserved": {"ja": "リザーブド/Savings Plans(1年・前払いなし)", "en": "reserved / savings plan (1 year, no upfront)"},
    "spot": {"ja": "スポット(価格は変動)", "en": "spot (the price varies)"},
}


def price_kind_label(kind: str, lang: Lang) -> str:
    return PRICE_KINDS.get(kind, {}).get(lang, kind)


SEVERITY: dict[str, dict[Lang, str]] = {
    "error": {"ja": "要件を満たせない", "en": "Cannot be met"},
    "missing": {"ja": "入力不足", "en": "Incomplete"},
}


def field_label(item: Item | None, name: str, lang: Lang) -> str:
    column_id = SPEC_COLUMNS.get(name, name)
    if item is not None:
        column = next((c for c in item.columns if c.id == column_id), None)
        if column is not None:
            return column.label.get(lang)
    return column_id


def _value(value: object) -> str:
    return num(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def flag_message(flag: Flag, lang: Lang, item: Item | None = None) -> str:
    """The sentence for a flag; ``item`` is the table whose column labels name the fields."""
    template = FLAGS.get(flag.kind, {}).get(lang, flag.kind)
    sep = "、" if lang == "ja" else ", "
    params: dict[str, str] = {}
    for key, value in flag.params.items():
        if key == "fields":
            params[key] = sep.join(field_label(item, name, lang) for name in value)
        elif key == "field":
            params[key] = field_label(item, str(value), lang)
        elif key == "cost":
            params[key] = num(value)
        elif key == "kind":
            params[key] = price_kind_label(str(value), lang)
        else:
            params[key] = _value(value)
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def formula_label(formula: Formula, lang: Lang) -> str:
    return FORMULAS.get(formula.key, {}).get(lang, formula.key)


def formula_expression(formula: Formula, lang: Lang) -> str:
    """The symbolic side: symbols for the calculator (its words in ``lang``), words for the cost sums."""
    said = EXPRESSIONS.get(formula.key, {}).get(lang)
    if said is not None:
        return said
    return _WORD.sub(lambda m: WORDS[m.group(0)][lang], formula.expression)


def severity_label(flag: Flag, lang: Lang) -> str:
    return SEVERITY[flag.severity.value][lang]
