/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the FreeRTOS kernel header: only what the legacy ports
 * under test use (types, pdTRUE and friends, the heap). Implemented in
 * vendor_env.c on top of the C library.
 */

#ifndef INC_FREERTOS_H
#define INC_FREERTOS_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t        TickType_t;
typedef long            BaseType_t;
typedef unsigned long   UBaseType_t;

#define portMAX_DELAY          ( ( TickType_t ) 0xffffffffUL )
#define pdFALSE                ( ( BaseType_t ) 0 )
#define pdTRUE                 ( ( BaseType_t ) 1 )
#define pdFAIL                 ( pdFALSE )
#define pdPASS                 ( pdTRUE )
#define pdMS_TO_TICKS( ms )    ( ( TickType_t ) ( ms ) )

#define configASSERT( x )    do { if( !( x ) ) { vAssertCalled( __FILE__, __LINE__ ); } } while( 0 )

void vAssertCalled( const char * pcFile,
                    int lLine );
void * pvPortMalloc( size_t xWantedSize );
void vPortFree( void * pv );

#endif /* INC_FREERTOS_H */
