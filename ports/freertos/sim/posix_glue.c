/*
 * SPDX-License-Identifier: MIT
 *
 * What an application on the FreeRTOS POSIX simulator port provides besides
 * FreeRTOSConfig.h: the idle hook, the assertion handler and the one port
 * function freertos-next's shim expects.
 */

#define _DEFAULT_SOURCE    /* usleep */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "FreeRTOS.h"
#include "task.h"

void vApplicationIdleHook( void );

/* Without this the idle task spins a host CPU. The next tick's signal ends the
 * sleep early, so it adds no latency. */
void vApplicationIdleHook( void )
{
    ( void ) usleep( 1000 );
}

/* Tasks are host threads; there are no interrupts. */
long xPortIsInsideInterrupt( void )
{
    return pdFALSE;
}

/* Written with write(2): stdio's lock can deadlock between tasks. */
void vSimAssertCalled( const char * pcFile,
                       unsigned long ulLine )
{
    char buf[ 256 ];
    int n = snprintf( buf, sizeof( buf ), "FreeRTOS assertion failed: %s:%lu\n", pcFile, ulLine );

    if( n > 0 )
    {
        ( void ) write( 2, buf, ( n < ( int ) sizeof( buf ) ) ? ( size_t ) n : sizeof( buf ) - 1U );
    }

    abort();
}
