#include "machineinfo.h"
