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
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/evaluate.hpp"
#include "tieuchi/model/overlay.hpp"
#include "tieuchi/model/pack.hpp"
#include "tieuchi/model/pack_test.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/value.hpp"
#include "tieuchi/version.hpp"
