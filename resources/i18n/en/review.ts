<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <source>%n suggestion(s) from what the project already knows</source>
        <translation>
            <numerusform>%n suggestion from what the project already knows</numerusform>
            <numerusform>%n suggestions from what the project already knows</numerusform>
        </translation>
    </message>
</context>
</TS>
