<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>DialogDraft</name>
    <message>
        <source>What was typed here before and not saved is back: OK saves it, Cancel lets it go.</source>
        <translation>前に入力して保存していなかった内容を戻しました。OK で保存し、キャンセルで破棄します。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Let what was typed before go: the dialog shows what it showed without it.</source>
        <translation>前に入力した内容を破棄し、入力前の表示に戻します。</translation>
    </message>
</context>
<context>
    <name>Fonts</name>
    <message>
        <source>This computer has no Japanese font: Japanese text is shown as empty boxes (□), in the window and in the PDFs the app writes. Install one, then start the app again: on Debian or Ubuntu, sudo apt install {0}.</source>
        <translation>このパソコンには日本語のフォントがありません。ウィンドウでも、アプリが書き出す PDF でも、日本語は □ で表示されます。日本語のフォントを入れてから、アプリを起動し直してください(Debian・Ubuntu では sudo apt install {0})。</translation>
    </message>
</context>
<context>
    <name>NumberBox</name>
    <message>
        <source>A number from {0} to {1}, with at most 1 decimal</source>
        <translation>{0}〜{1}の数値(小数は1桁まで)を入力してください</translation>
    </message>
    <message>
        <source>A number from {0} to {1}, with at most {2} decimals</source>
        <translation>{0}〜{1}の数値(小数は{2}桁まで)を入力してください</translation>
    </message>
    <message>
        <source>A whole number from {0} to {1}</source>
        <translation>{0}〜{1}の整数を入力してください</translation>
    </message>
</context>
</TS>
