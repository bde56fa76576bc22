<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>RadarChart</name>
    <message>
        <source>Radar chart</source>
        <translation>レーダーチャート</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
    <message>
        <source>A radar chart needs at least three axes</source>
        <translation>レーダーチャートには 3 つ以上の軸が必要です</translation>
    </message>
</context>
<context>
    <name>ScoreHistory</name>
    <message>
        <source>Score history</source>
        <translation>スコアの推移</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
</context>
<context>
    <name>SectionBars</name>
    <message>
        <source>Scores by section</source>
        <translation>セクション別スコア</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
    <message>
        <source>lowest</source>
        <translation>最低</translation>
    </message>
</context>
</TS>
