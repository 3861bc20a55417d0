/*
 * SPDX-License-Identifier: MIT
 *
 * test_support.c - helpers shared by the POSIX port test programs, and the
 * symbols every program linking libota.a provides.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <stdlib.h>
#include <time.h>

#include "ota_appversion32.h"
#include "test_support.h"

/* libota.a reads the application's version; these programs never run the
 * agent, but link the library as firmware does. */
const AppVersion32_t appFirmwareVersion =
{
    .u.x.major = 1,
    .u.x.minor = 2,
    .u.x.build = 3,
};

int testFailures = 0;

int64_t nowMs( void )
{
    struct timespec t;

    ( void ) clock_gettime( CLOCK_MONOTONIC, &t );

    return ( ( int64_t ) t.tv_sec * 1000 ) + ( ( int64_t ) t.tv_nsec / 1000000 );
}

void sleepMs( uint32_t ms )
{
    struct timespec t;

    t.tv_sec = ( time_t ) ( ms / 1000U );
    t.tv_nsec = ( long ) ( ms % 1000U ) * 1000000L;

    while( nanosleep( &t, &t ) != 0 )
    {
    }
}

uint8_t * readWholeFile( const char * pPath,
                         size_t * pLength )
{
    FILE * pFile = fopen( pPath, "rb" );
    uint8_t * pData = NULL;
    size_t used = 0;
    size_t capacity = 0;

    if( pFile == NULL )
    {
        return NULL;
    }

    for( ; ; )
    {
        size_t n;

        if( used == capacity )
        {
            uint8_t * pBigger;

            capacity = ( capacity == 0U ) ? 4096U : ( capacity * 2U );
            pBigger = realloc( pData, capacity );

            if( pBigger == NULL )
            {
                free( pData );
                ( void ) fclose( pFile );
                return NULL;
            }

            pData = pBigger;
        }

        n = fread( pData + used, 1U, capacity - used, pFile );
        used += n;

        if( n == 0U )
        {
            break;
        }
    }

    ( void ) fclose( pFile );
    *pLength = used;

    return pData;
}

int testResult( const char * pName )
{
    if( testFailures == 0 )
    {
        ( void ) printf( "%s: PASS\n", pName );
        return 0;
    }

    ( void ) printf( "%s: %d check(s) FAILED\n", pName, testFailures );
    return 1;
}
