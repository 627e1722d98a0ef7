#include "sweepplan.h"
