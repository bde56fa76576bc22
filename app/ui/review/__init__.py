"""The Review page's pictures: radar, section bars and score history, drawn with QPainter."""
