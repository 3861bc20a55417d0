/*
 * SPDX-License-Identifier: MIT
 *
 * The log functions tests/freertos/ota_config.h maps LogError & co. to. Each
 * line is formatted on the stack and written with one write(2): no stdio
 * lock, which a preempted FreeRTOS task could hold while another task waits
 * for it outside the scheduler's view.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void otaSimLogError( const char * pFormat, ... );
void otaSimLogWarn( const char * pFormat, ... );
void otaSimLogInfo( const char * pFormat, ... );
void otaSimLogDebug( const char * pFormat, ... );

static void simLog( const char * pPrefix,
                    const char * pFormat,
                    va_list args )
{
    char line[ 512 ];
    size_t n = strlen( pPrefix );
    int m;

    memcpy( line, pPrefix, n );
    m = vsnprintf( &line[ n ], sizeof( line ) - n - 1U, pFormat, args );

    if( m > 0 )
    {
        n += ( ( size_t ) m < sizeof( line ) - n - 1U ) ? ( size_t ) m : sizeof( line ) - n - 2U;
    }

    line[ n++ ] = '\n';
    ( void ) write( 2, line, n );
}

#define SIM_LOG_FUNCTION( name, prefix ) \
    void name( const char * pFormat, ... )   \
    {                                        \
        va_list args;                        \
        va_start( args, pFormat );           \
        simLog( prefix, pFormat, args );     \
        va_end( args );                      \
    }

SIM_LOG_FUNCTION( otaSimLogError, "[ERROR] " )
SIM_LOG_FUNCTION( otaSimLogWarn, "[WARN] " )
SIM_LOG_FUNCTION( otaSimLogInfo, "[INFO] " )

void otaSimLogDebug( const char * pFormat,
                     ... )
{
    if( getenv( "OTA_FREERTOS_SIM_DEBUG" ) != NULL )
    {
        va_list args;
        va_start( args, pFormat );
        simLog( "[DEBUG] ", pFormat, args );
        va_end( args );
    }
}
