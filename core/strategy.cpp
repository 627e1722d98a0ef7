#include "strategy.h"
