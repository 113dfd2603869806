// tieuchi::Table to Python columns (see table.hpp).
#include "table.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace tieuchi::python {

namespace {

/// A NumPy array owning `v` (moved into a capsule): no copy of the column.
template <class T>
py::array_t<T> owned(ColumnVector<T>&& v) {
  auto* data = new ColumnVector<T>(std::move(v));
  py::capsule owner(data, [](void* p) { delete static_cast<ColumnVector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(data->size())}, {static_cast<py::ssize_t>(sizeof(T))},
                        data->data(), owner);
}

const char* type_name(Column::Type t) {
  switch (t) {
    case Column::Type::text: return "text";
    case Column::Type::integer: return "integer";
    case Column::Type::number: return "number";
    case Column::Type::category: return "category";
    case Column::Type::boolean: return "boolean";
  }
  return "text";
}

}  // namespace

py::list table_columns(Table&& t) {
  t.check();
  py::list out;
  for (auto& c : t.columns) {
    py::dict d;
    d["name"] = c.name;
    d["title"] = c.title;
    d["type"] = type_name(c.type);
    const std::size_t n = c.size();
    py::object mask = py::none();
    if (c.type != Column::Type::number && c.type != Column::Type::category && (c.nullable || !c.missing.empty())) {
      c.missing.resize(n, 0);
      py::array_t<bool> m(static_cast<py::ssize_t>(n));
      auto w = m.mutable_unchecked<1>();
      for (std::size_t k = 0; k < n; ++k) w(static_cast<py::ssize_t>(k)) = c.missing[k] != 0;
      mask = std::move(m);
    }
    switch (c.type) {
      case Column::Type::text: {
        py::list values(n);
        for (std::size_t k = 0; k < n; ++k)
          values[k] = (!c.missing.empty() && c.missing[k]) ? py::object(py::none()) : py::object(py::str(c.text[k]));
        d["values"] = std::move(values);
        break;
      }
      case Column::Type::integer: d["values"] = owned(std::move(c.integers)); break;
      case Column::Type::number: d["values"] = owned(std::move(c.numbers)); break;
      case Column::Type::category: d["values"] = owned(std::move(c.codes)); break;
      case Column::Type::boolean: {
        py::array_t<bool> values(static_cast<py::ssize_t>(n));
        auto w = values.mutable_unchecked<1>();
        for (std::size_t k = 0; k < n; ++k) w(static_cast<py::ssize_t>(k)) = c.flags[k] != 0;
        d["values"] = std::move(values);
        break;
      }
    }
    d["mask"] = mask;
    d["labels"] = c.labels;
    d["label_titles"] = c.label_titles;
    d["ordered"] = c.ordered;
    out.append(std::move(d));
  }
  return out;
}

}  // namespace tieuchi::python
