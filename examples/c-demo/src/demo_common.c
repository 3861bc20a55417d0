/*
 * SPDX-License-Identifier: MIT
 *
 * demo_common.c - console output, the pool of event buffers lent to the
 * agent, and the demo image header.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"

/*------------------------------ console ------------------------------*/

static pthread_mutex_t sayLock = PTHREAD_MUTEX_INITIALIZER;

void demoSay( const char * pFormat,
              ... )
{
    va_list args;

    ( void ) pthread_mutex_lock( &sayLock );
    ( void ) printf( "[ota_demo v%u.%u.%u] ",
                     ( unsigned ) appFirmwareVersion.u.x.major,
                     ( unsigned ) appFirmwareVersion.u.x.minor,
                     ( unsigned ) appFirmwareVersion.u.x.build );
    va_start( args, pFormat );
    ( void ) vprintf( pFormat, args );
    va_end( args );
    ( void ) putchar( '\n' );
    ( void ) fflush( stdout );
    ( void ) pthread_mutex_unlock( &sayLock );
}

int64_t demoNowMs( void )
{
    struct timespec ts;

    ( void ) clock_gettime( CLOCK_MONOTONIC, &ts );

    return ( ( int64_t ) ts.tv_sec * 1000 ) + ( ts.tv_nsec / 1000000 );
}

/*------------------------------ outcome ------------------------------*/

static pthread_mutex_t doneLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t doneCond = PTHREAD_COND_INITIALIZER;
static int exitCode = -1;

void demoFinish( int code )
{
    ( void ) pthread_mutex_lock( &doneLock );

    if( exitCode < 0 )
    {
        exitCode = code;
    }

    ( void ) pthread_cond_broadcast( &doneCond );
    ( void ) pthread_mutex_unlock( &doneLock );
}

bool demoFinished( void )
{
    bool finished;

    ( void ) pthread_mutex_lock( &doneLock );
    finished = ( exitCode >= 0 );
    ( void ) pthread_mutex_unlock( &doneLock );

    return finished;
}

int demoRunUntilDone( pthread_t task,
                      unsigned timeoutSeconds,
                      long pollMs,
                      void ( * pTick )( void ),
                      int failCode,
                      int timeoutCode )
{
    int64_t deadline = ( timeoutSeconds > 0U ) ? demoNowMs() + ( int64_t ) timeoutSeconds * 1000 : INT64_MAX;
    int code;

    ( void ) pthread_mutex_lock( &doneLock );

    while( exitCode < 0 )
    {
        struct timespec ts;

        ( void ) clock_gettime( CLOCK_REALTIME, &ts );
        ts.tv_nsec += pollMs * 1000000L;

        if( ts.tv_nsec >= 1000000000L )
        {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }

        ( void ) pthread_cond_timedwait( &doneCond, &doneLock, &ts );

        if( exitCode >= 0 )
        {
            break;
        }

        ( void ) pthread_mutex_unlock( &doneLock );

        if( pTick != NULL )
        {
            pTick();
        }

        if( OTA_GetState() == OtaAgentStateStopped )
        {
            /* The agent shuts itself down after too many failed requests. */
            demoSay( "the OTA agent stopped (it gave up after repeated failures)" );
            demoFinish( failCode );
        }

        if( demoNowMs() >= deadline )
        {
            demoSay( "timed out after %u s", timeoutSeconds );
            demoFinish( timeoutCode );
        }

        ( void ) pthread_mutex_lock( &doneLock );
    }

    code = exitCode;
    ( void ) pthread_mutex_unlock( &doneLock );
    mqttGlue_Quiet();

    /* Stop the agent, then the network. */
    ( void ) OTA_Shutdown( 0, 1 );
    deadline = demoNowMs() + 3000;

    while( ( OTA_GetState() != OtaAgentStateStopped ) && ( demoNowMs() < deadline ) )
    {
        struct timespec ts = { 0, 10L * 1000000L };
        ( void ) nanosleep( &ts, NULL );
    }

    if( OTA_GetState() == OtaAgentStateStopped )
    {
        ( void ) pthread_join( task, NULL );
    }

    mqttGlue_Stop();
    demoSay( "exiting with status %d", code );

    return code;
}

/*---------------------------- event pool -----------------------------*/

static OtaEventData_t eventBuffers[ DEMO_EVENT_BUFFERS ];
static pthread_mutex_t poolLock = PTHREAD_MUTEX_INITIALIZER;

OtaEventData_t * eventPool_Get( void )
{
    OtaEventData_t * pFree = NULL;
    size_t i;

    ( void ) pthread_mutex_lock( &poolLock );

    for( i = 0; i < DEMO_EVENT_BUFFERS; i++ )
    {
        if( !eventBuffers[ i ].bufferUsed )
        {
            pFree = &eventBuffers[ i ];
            pFree->bufferUsed = true;
            break;
        }
    }

    ( void ) pthread_mutex_unlock( &poolLock );

    return pFree;
}

void eventPool_Put( OtaEventData_t * pBuffer )
{
    if( pBuffer != NULL )
    {
        ( void ) pthread_mutex_lock( &poolLock );
        pBuffer->bufferUsed = false;
        ( void ) pthread_mutex_unlock( &poolLock );
    }
}

bool demoSignalData( OtaEvent_t eventId,
                     const void * pData,
                     size_t length )
{
    OtaEventData_t * pBuffer;
    OtaEventMsg_t msg;

    if( length > sizeof( pBuffer->data ) )
    {
        demoSay( "dropped a %lu-byte message: larger than an event buffer (%lu bytes)",
                 ( unsigned long ) length, ( unsigned long ) sizeof( pBuffer->data ) );
        return false;
    }

    pBuffer = eventPool_Get();

    if( pBuffer == NULL )
    {
        demoSay( "dropped a message: all %u event buffers are lent to the agent",
                 ( unsigned ) DEMO_EVENT_BUFFERS );
        return false;
    }

    ( void ) memcpy( pBuffer->data, pData, length );
    pBuffer->dataLength = ( uint32_t ) length;
    msg.pEventData = pBuffer;
    msg.eventId = eventId;

    if( !OTA_SignalEvent( &msg ) )
    {
        eventPool_Put( pBuffer );
        return false;
    }

    return true;
}

/*----------------------------- demo image ----------------------------*/

bool demoParseVersion( const char * pText,
                       AppVersion32_t * pVersion )
{
    unsigned long major, minor, build;
    char * pEnd;

    if( ( pText == NULL ) || ( pVersion == NULL ) )
    {
        return false;
    }

    if( ( *pText == 'v' ) || ( *pText == 'V' ) )
    {
        pText++;
    }

    errno = 0;
    major = strtoul( pText, &pEnd, 10 );

    if( ( pEnd == pText ) || ( *pEnd != '.' ) )
    {
        return false;
    }

    pText = pEnd + 1;
    minor = strtoul( pText, &pEnd, 10 );

    if( ( pEnd == pText ) || ( *pEnd != '.' ) )
    {
        return false;
    }

    pText = pEnd + 1;
    build = strtoul( pText, &pEnd, 10 );

    if( ( pEnd == pText ) || ( ( *pEnd != '\0' ) && ( *pEnd != ' ' ) && ( *pEnd != '\n' ) ) ||
        ( errno != 0 ) || ( major > 255U ) || ( minor > 255U ) || ( build > 65535U ) )
    {
        return false;
    }

    ( void ) memset( pVersion, 0, sizeof( *pVersion ) );
    pVersion->u.x.major = ( uint8_t ) major;
    pVersion->u.x.minor = ( uint8_t ) minor;
    pVersion->u.x.build = ( uint16_t ) build;

    return true;
}

bool demoImage_Read( const char * pPath,
                     DemoImageInfo_t * pInfo,
                     char * pWhy,
                     size_t whySize )
{
    char line[ 128 ];
    FILE * pFile;
    const char * pVersionText;
    bool ok = false;

    pFile = fopen( pPath, "rb" );

    if( pFile == NULL )
    {
        ( void ) snprintf( pWhy, whySize, "cannot open %s: %s", pPath, strerror( errno ) );
        return false;
    }

    if( fgets( line, sizeof( line ), pFile ) == NULL )
    {
        ( void ) snprintf( pWhy, whySize, "%s is empty", pPath );
    }
    else if( ( strchr( line, '\n' ) == NULL ) ||
             ( strncmp( line, DEMO_IMAGE_MAGIC, strlen( DEMO_IMAGE_MAGIC ) ) != 0 ) )
    {
        ( void ) snprintf( pWhy, whySize, "%s has no \"%sv<x.y.z>\" header line",
                           pPath, DEMO_IMAGE_MAGIC );
    }
    else
    {
        pVersionText = line + strlen( DEMO_IMAGE_MAGIC );

        if( !demoParseVersion( pVersionText, &pInfo->version ) )
        {
            ( void ) snprintf( pWhy, whySize, "%s: bad version in the header", pPath );
        }
        else
        {
            pInfo->failSelfTest = ( strstr( pVersionText, " selftest=fail" ) != NULL );
            ok = true;
        }
    }

    ( void ) fclose( pFile );

    return ok;
}
