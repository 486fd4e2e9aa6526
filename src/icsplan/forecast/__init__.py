"""Re-forecast the plan from delivery to date: achievement, outturn, run rates, back test."""
