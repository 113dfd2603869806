#pragma once
#include <pybind11/pybind11.h>

namespace tieuchi::python {
void register_core(pybind11::module_& m);
void register_expr(pybind11::module_& m);
void register_model(pybind11::module_& m);
void register_assess(pybind11::module_& m);
void register_plan(pybind11::module_& m);
}  // namespace tieuchi::python
