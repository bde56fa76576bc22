<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>RowForm</name>
    <message>
        <source>Previous row</source>
        <translation>前の行</translation>
    </message>
    <message>
        <source>Next row</source>
        <translation>次の行</translation>
    </message>
    <message>
        <source>Row {0} of {1}</source>
        <translation>{1}行中 {0}行目</translation>
    </message>
    <message>
        <source>No rows</source>
        <translation>行がありません</translation>
    </message>
</context>
<context>
    <name>TablePaste</name>
    <message>
        <source>The table “{0}” takes no paste: nothing was pasted. Type in its cells one at a time (double-click a cell).</source>
        <translation>表「{0}」には貼り付けできないため、何も貼り付けていません。セルをダブルクリックして 1 つずつ入力してください。</translation>
    </message>
    <message>
        <source>The table “{0}” cannot be typed in: nothing was pasted.</source>
        <translation>表「{0}」には入力できないため、貼り付けていません。</translation>
    </message>
    <message>
        <source>Copied cells past the table&apos;s last column were left out ({0}): paste them from a column further left.</source>
        <translation>コピーしたセルのうち {0} 個は表の最後の列より右にあるため貼り付けていません。もっと左の列から貼り付けてください。</translation>
    </message>
    <message>
        <source>Copied rows past the table&apos;s last row were left out ({0}): this table&apos;s rows are given, a paste adds none.</source>
        <translation>コピーした行のうち {0} 行は表の最後の行より下にあるため貼り付けていません。この表の行は決まっていて、貼り付けでは増えません。</translation>
    </message>
    <message>
        <source>Copied cells in columns that cannot be typed in ({0}) were left out ({1}).</source>
        <translation>コピーしたセルのうち {1} 個は入力できない列（{0}）にあるため貼り付けていません。</translation>
    </message>
</context>
<context>
    <name>WideTableDialog</name>
    <message>
        <source>Columns</source>
        <translation>表示する列</translation>
    </message>
    <message>
        <source>Choose the columns shown (remembered for this table)</source>
        <translation>表示する列を選びます(この表ごとに記憶します)</translation>
    </message>
    <message>
        <source>Fit to contents</source>
        <translation>内容に合わせる</translation>
    </message>
    <message>
        <source>Row form</source>
        <translation>行フォーム</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>行を削除</translation>
    </message>
    <message>
        <source>Edits are saved as you make them; Esc in a cell keeps what you typed.</source>
        <translation>編集はその都度保存されます。セルでEscを押しても入力内容は残ります。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>{0} (always shown)</source>
        <translation>{0}(常に表示)</translation>
    </message>
    <message>
        <source>Show all columns</source>
        <translation>すべての列を表示</translation>
    </message>
</context>
<context>
    <name>WrappingHeader</name>
    <message>
        <source>Column headers</source>
        <translation>列見出し</translation>
    </message>
</context>
</TS>
