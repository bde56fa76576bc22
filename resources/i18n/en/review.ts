<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ReviewEditing</name>
    <message numerus="yes">
        <source>Accept %n suggestion(s) in {0}</source>
        <translation>
            <numerusform>Accept %n suggestion in {0}</numerusform>
            <numerusform>Accept %n suggestions in {0}</numerusform>
        </translation>
    </message>
</context>
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
<context>
    <name>ReviewPictures</name>
    <message numerus="yes">
        <source>{0} · {1} of %n test(s) scored</source>
        <translation>
            <numerusform>{0} · {1} of %n test scored</numerusform>
            <numerusform>{0} · {1} of %n tests scored</numerusform>
        </translation>
    </message>
</context>
</TS>
