// The native module: creates submodules and calls each register_*(); nothing else.
#include <pybind11/pybind11.h>

#include "register.hpp"

PYBIND11_MODULE(_tieuchi, m) {
  m.doc() = "tieuchi native core (use the `tieuchi` package, not this module directly)";
  tieuchi::python::register_core(m);
  tieuchi::python::register_expr(m);
  tieuchi::python::register_model(m);
  tieuchi::python::register_assess(m);
  tieuchi::python::register_plan(m);
}
