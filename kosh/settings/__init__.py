"""Settings: base.py is shared; demo.py (SQLite), production.py, test.py choose the rest."""
