<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>DataCiPage</name>
    <message>
        <location filename="../../../app/ui/pages/data_ci.py" line="16"/>
        <source>Data platform &amp; CI</source>
        <translation>データ基盤・CI</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/data_ci.py" line="20"/>
        <source>Decide where raw data, processed data, models and metadata live, with access rights and dataset-list versioning, and which CI runs the pipeline and records each experiment on every push. The choices feed the wiki&apos;s data-platform and CI pages.</source>
        <translation>生データ・加工済みデータ・モデル・メタデータの置き場所と権限、データセット一覧のバージョン管理、そしてpushごとにパイプラインを実行し実験を記録するCIを決めます。ここでの選択はwikiのデータ基盤ページとCIページに反映されます。</translation>
    </message>
</context>
</TS>
