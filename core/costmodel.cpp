#include "costmodel.h"
