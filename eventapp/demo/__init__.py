"""The demo event, modelled on the IOM International Dialogue on Migration, New York 2018."""
