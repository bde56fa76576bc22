<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>SystemPlanningPage</name>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="16"/>
        <source>System planning</source>
        <translation>システム化計画</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="20"/>
        <source>Work through the system-planning checklist before the build phase (requirements, process flow with data volume and processing time, architecture, cost, non-functional requirements, monitoring, deployment) and turn measured processing times into an infrastructure cost estimate.</source>
        <translation>構築フェーズの前にシステム化計画のチェックリスト(要件概要、データ量と処理時間を含む処理フロー、アーキテクチャ、コスト、非機能要件、監視、デプロイ)を確認し、計測した処理時間からインフラコストを見積もります。</translation>
    </message>
</context>
</TS>
