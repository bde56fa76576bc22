<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ExperimentPage</name>
    <message>
        <location filename="../../../app/ui/pages/experiment.py" line="16"/>
        <source>Experiment environment</source>
        <translation>実験環境構築</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/experiment.py" line="20"/>
        <source>Choose the repository host, branch model, directory template and experiment tracking, and generate the experiment-rules wiki (table of contents 0-7), the experiment-management sheet and a project scaffold with a Dockerfile and a baseline pipeline.</source>
        <translation>リポジトリ、ブランチモデル、ディレクトリテンプレート、実験管理の方法を選び、実験規約wiki(目次0〜7)、実験管理シート、Dockerfileとベースラインパイプラインを含むプロジェクト雛形を生成します。</translation>
    </message>
</context>
</TS>
