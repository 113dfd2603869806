// A model file that reads the io layer: the layering check must refuse it.
#include "tieuchi/io/pack_reader.hpp"
