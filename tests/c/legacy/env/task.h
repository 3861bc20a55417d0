/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the FreeRTOS task header.
 */

#ifndef INC_TASK_H
#define INC_TASK_H

#include "FreeRTOS.h"

void vTaskDelay( const TickType_t xTicksToDelay );

#endif /* INC_TASK_H */
