<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>DataCiPage</name>
    <message>
        <source>Data platform &amp; CI</source>
        <translation>データ基盤・CI</translation>
    </message>
    <message>
        <source>Version data as well as code: decide where raw data, processed data, models and metadata live and who may access them, name each dataset, and choose the CI that runs the pipeline and records the experiment on every push. Bold cells are your own; the rest follows the hearing.</source>
        <translation>コードだけでなくデータもバージョン管理します。生データ・加工済みデータ・モデル・メタデータの置き場所と権限、データセットの名前、pushのたびにパイプラインを動かして実験を記録するCIを決めます。太字は自分で決めた値、それ以外はヒアリングの回答に従います。</translation>
    </message>
    <message>
        <source>Storage locations and access rights</source>
        <translation>置き場所と権限</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>Where each kind of data lives</source>
        <translation>データの置き場所と権限</translation>
    </message>
    <message>
        <source>Datasets (from the hearing&apos;s data sources)</source>
        <translation>データセット(ヒアリングのデータソースから)</translation>
    </message>
    <message>
        <source>Change a storage location</source>
        <translation>置き場所の変更</translation>
    </message>
    <message>
        <source>Change a dataset</source>
        <translation>データセットの変更</translation>
    </message>
</context>
</TS>
