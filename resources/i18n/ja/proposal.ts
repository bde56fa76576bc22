<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ProposalPage</name>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="16"/>
        <source>Kickoff proposal</source>
        <translation>導入提案</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="20"/>
        <source>Build the kickoff proposal for the project leader and the data scientists: the background, the typical problems that hit later phases with their countermeasures, the purpose and definition of MLOps, the scope by maturity level (taken from the hearing), a schedule overview and a rough effort estimate for the MLOps side and the data-science side. Live preview and export to Markdown, HTML and PDF.</source>
        <translation>プロジェクトリーダーとデータサイエンティスト向けの導入提案を作成します: 背景、後続フェーズで顕在化しがちな課題と対策案、MLOps導入の目的と定義、成熟度レベル別のスコープ(ヒアリングから反映)、スケジュール概要、MLOps側とデータサイエンティスト側の工数感。ライブプレビューと Markdown・HTML・PDF への出力。</translation>
    </message>
</context>
</TS>
