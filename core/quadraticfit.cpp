#include "quadraticfit.h"
