#pragma once
/// @file tieuchi.hpp
/// Umbrella header: the whole public API of tieuchi.

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/ast.hpp"
#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/functions.hpp"
#include "tieuchi/expr/gap.hpp"
#include "tieuchi/expr/parser.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/value.hpp"
#include "tieuchi/version.hpp"
