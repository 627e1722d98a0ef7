#include "sweeprunner.h"
