// An assess file that reads the inside of a RuleSet: refused.
#include "model/ruleset_data.hpp"
