#pragma once
// A typed table (tieuchi/table.hpp) handed to Python as a list of columns, each a dict: name,
// title, type ('text', 'integer', 'number', 'category', 'boolean'), values (a NumPy array: int64,
// float64, int32 codes, bool; a list of str for text), mask (bool array of missing cells, or
// None), labels, label_titles and ordered (categories). tieuchi.frames._frame makes the DataFrame.
#include <pybind11/pybind11.h>

#include "tieuchi/table.hpp"

namespace tieuchi::python {
pybind11::list table_columns(Table&& t);
}  // namespace tieuchi::python
