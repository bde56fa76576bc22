<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>SuspectDialog</name>
    <message>
        <source>Suspect links</source>
        <translation>要確認の項目</translation>
    </message>
    <message>
        <source>Agreed items whose hearing answers changed after they were agreed. Check each one, then mark it reviewed or change the item.</source>
        <translation>合意した後でヒアリングの回答が変わった項目です。一つずつ確かめて、確認済みにするか項目を直してください。</translation>
    </message>
    <message>
        <source>Built on this answer</source>
        <translation>この回答に依存している項目</translation>
    </message>
    <message>
        <source>Everything built on the answer to “%1”; suspect ones first.</source>
        <translation>「%1」の回答に依存している項目です(要確認のものが先)。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Mark reviewed</source>
        <translation>確認済みにする</translation>
    </message>
    <message>
        <source>The selected items stay as they are; they are suspect again when the answer changes again.</source>
        <translation>選んだ項目はそのままです。回答がまた変わると、再び要確認になります。</translation>
    </message>
    <message>
        <source>Go to item</source>
        <translation>項目へ移動</translation>
    </message>
    <message>
        <source>Go to answer</source>
        <translation>回答へ移動</translation>
    </message>
    <message>
        <source>Suspect items: %1</source>
        <translation>要確認: %1 件</translation>
    </message>
    <message>
        <source>Nothing is suspect.</source>
        <translation>要確認の項目はありません。</translation>
    </message>
    <message>
        <source>No longer in the list, so no longer selected: %1</source>
        <translation>一覧からなくなったため、選択を外しました: %1</translation>
    </message>
    <message>
        <source>Mark suspect items reviewed</source>
        <translation>要確認の項目を確認済みにする</translation>
    </message>
</context>
<context>
    <name>SuspectModel</name>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>When agreed</source>
        <translation>合意時</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>not suspect</source>
        <translation>要確認ではありません</translation>
    </message>
</context>
</TS>
