<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>HearingPage</name>
    <message>
        <location filename="../../../app/ui/pages/hearing.py" line="16"/>
        <source>Hearing</source>
        <translation>ヒアリング</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/hearing.py" line="20"/>
        <source>Work through the customer hearing checklist during the meeting: project basics, goals and KPIs, data sources, users, environment, tools, concerns and the scope by MLOps maturity level, now and later side by side, with an interview mode for the projector and a hearing sheet to send to the customer.</source>
        <translation>会議中に顧客ヒアリングのチェックリストを進めます: PJ基本情報、目的とKPI、データソース、利用者、環境、ツール、懸念事項、MLOps成熟度レベル別のスコープを、現時点/これからを並べて確認します。プロジェクタ向けのインタビューモードと、顧客に送るヒアリングシートも備えます。</translation>
    </message>
</context>
</TS>
