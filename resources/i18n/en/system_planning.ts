<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CapacityPanel</name>
    <message numerus="yes">
        <source>%n process(es) cannot meet a requirement</source>
        <translation>
            <numerusform>%n process cannot meet a requirement</numerusform>
            <numerusform>%n processes cannot meet a requirement</numerusform>
        </translation>
    </message>
</context>
</TS>
