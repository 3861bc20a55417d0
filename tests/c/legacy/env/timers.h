/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the FreeRTOS software-timer header (the v1 OTA headers
 * include it; some ports rely on the task API it brings).
 */

#ifndef TIMERS_H
#define TIMERS_H

#include "FreeRTOS.h"
#include "task.h"

struct tmrTimerControl;
typedef struct tmrTimerControl * TimerHandle_t;

#endif /* TIMERS_H */
