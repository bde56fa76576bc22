<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>WikiPreview</name>
    <message numerus="yes">
        <source>… and %n more row(s): the exported page and the Markdown view have them all.</source>
        <translation>
            <numerusform>… and %n more row: the exported page and the Markdown view have it.</numerusform>
            <numerusform>… and %n more rows: the exported page and the Markdown view have them all.</numerusform>
        </translation>
    </message>
</context>
</TS>
