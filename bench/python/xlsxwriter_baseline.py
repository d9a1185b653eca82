#!/usr/bin/env python3
"""XlsxWriter baseline: N rows x 6 columns written to an .xlsx file.

Usage: xlsxwriter_baseline.py N OUT.xlsx
Columns: customer_id (int), age (int), in_target_bracket (bool),
account_balance (float, money format), intensity (float), sales (float, money
format). Uses constant_memory mode; prints the achieved rows/s to stderr.
"""
import math
import random
import sys
import time

import xlsxwriter

PARETO_ALPHA = math.log(5) / math.log(4)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} N OUT.xlsx")
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(42)

    start = time.perf_counter()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("customers")
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, ["customer_id", "age", "in_target_bracket",
                        "account_balance", "intensity", "sales"], bold)
    for row in range(1, n + 1):
        age = rng.randint(18, 90)
        balance = round(rng.paretovariate(PARETO_ALPHA) * 10, 2)
        intensity = rng.random()
        ws.write_number(row, 0, row)
        ws.write_number(row, 1, age)
        ws.write_boolean(row, 2, 25 <= age <= 40)
        ws.write_number(row, 3, balance, money)
        ws.write_number(row, 4, intensity)
        ws.write_number(row, 5, round(balance * intensity, 2), money)
    wb.close()
    elapsed = time.perf_counter() - start
    print(f"xlsxwriter: {n} rows in {elapsed:.3f} s = {n / elapsed:,.0f} rows/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
