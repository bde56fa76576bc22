<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>HearingPage</name>
    <message numerus="yes">
        <source>Imported answers into %n item(s).</source>
        <translation>
            <numerusform>Imported answers into %n item.</numerusform>
            <numerusform>Imported answers into %n items.</numerusform>
        </translation>
    </message>
</context>
</TS>
