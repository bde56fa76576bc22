<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>WbsPage</name>
    <message>
        <location filename="../../../app/ui/pages/wbs.py" line="16"/>
        <source>WBS</source>
        <translation>WBS</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/wbs.py" line="20"/>
        <source>Generate the WBS from the hearing answers: every task with its priority, completion condition and expected output, including the often-missed adoption and resource-expansion tasks. Edit it as a tree with undo, schedule it over Japanese working days, and export it to Excel, MS Project XML and an issue-tracker CSV.</source>
        <translation>ヒアリングの回答からWBSを生成します: 各タスクの優先度・完了条件・完成イメージ、計画から漏れがちな定着タスクとリソース拡張タスクも含みます。元に戻せるツリーで編集し、日本の営業日でスケジュールを引き、Excel・MS Project XML・課題管理CSVに出力します。</translation>
    </message>
</context>
</TS>
