"""The officer console: one module per area, each view parse → one service → render."""
