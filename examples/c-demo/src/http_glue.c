/*
 * SPDX-License-Identifier: MIT
 *
 * http_glue.c - the agent's HTTP interface (OtaHttpInterface_t): a small
 * HTTP/1.1 client on plain sockets for pre-signed URLs.
 *
 * - init( url ) parses "http://host[:port]/path?query" (no TLS in this demo).
 * - request( start, end ) sends "GET path?query" with
 *   "Range: bytes=start-end", reads the whole response and hands its body to
 *   the agent as one OtaAgentEventReceivedFileBlock event. The connection is
 *   kept alive between requests when the server allows it; a request that
 *   finds it closed, or whose answer is cut short, is sent again on a new
 *   connection (twice at most) before the glue reports a failure.
 * - deinit() closes the connection.
 *
 * The agent asks for one block at a time and takes the next body as the block
 * it is missing first. A second request for the same range while the first
 * answer still waits in the agent's queue (the request timer can expire while
 * a slow answer is on its way) would be taken as the following block, so
 * such a request is answered by the one already queued.
 *
 * A 403 answer means the pre-signed URL expired: the glue asks the agent to
 * fetch its job again (OTA_CheckForUpdate), which brings a fresh URL, and the
 * download continues where it was.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include "demo.h"

#define HTTP_TIMEOUT_S       5
#define MAX_HOST_LENGTH      256U
#define MAX_PATH_LENGTH      ( OTA_REQUEST_URL_MAX_SIZE + 1U )
#define MAX_HEADER_LENGTH    4096U

static pthread_mutex_t httpLock = PTHREAD_MUTEX_INITIALIZER;
static char host[ MAX_HOST_LENGTH ];
static char port[ 8 ];
static char path[ MAX_PATH_LENGTH ];
static int sock = -1;

/* Bytes received after the last complete response (none with one request in
 * flight, but kept for correctness). */
static char rxBuffer[ MAX_HEADER_LENGTH ];
static size_t rxLength = 0;

/* The block answer that waits in the agent's queue. */
static const OtaEventData_t * pQueuedBuffer = NULL;
static uint32_t queuedStart = 0, queuedEnd = 0;

/*-----------------------------------------------------------*/

static void closeConnection( void )
{
    if( sock >= 0 )
    {
        ( void ) close( sock );
        sock = -1;
    }

    rxLength = 0;
}

static bool openConnection( void )
{
    struct addrinfo hints, * pList = NULL, * pAddr;
    struct timeval tv = { HTTP_TIMEOUT_S, 0 };
    int one = 1;
    int rc;

    ( void ) memset( &hints, 0, sizeof( hints ) );
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo( host, port, &hints, &pList );

    if( rc != 0 )
    {
        demoSay( "HTTP: cannot resolve %s: %s", host, gai_strerror( rc ) );
        return false;
    }

    for( pAddr = pList; pAddr != NULL; pAddr = pAddr->ai_next )
    {
        sock = socket( pAddr->ai_family, pAddr->ai_socktype, pAddr->ai_protocol );

        if( sock < 0 )
        {
            continue;
        }

        /* SO_SNDTIMEO also bounds connect() on Linux. */
        ( void ) setsockopt( sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof( tv ) );
        ( void ) setsockopt( sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof( tv ) );
        ( void ) setsockopt( sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof( one ) );

        if( connect( sock, pAddr->ai_addr, pAddr->ai_addrlen ) == 0 )
        {
            break;
        }

        ( void ) close( sock );
        sock = -1;
    }

    freeaddrinfo( pList );

    if( sock < 0 )
    {
        demoSay( "HTTP: cannot connect to %s:%s: %s", host, port, strerror( errno ) );
        return false;
    }

    rxLength = 0;

    return true;
}

static bool sendAll( const char * pData,
                     size_t length )
{
    while( length > 0U )
    {
        ssize_t n = send( sock, pData, length, MSG_NOSIGNAL );

        if( n <= 0 )
        {
            if( ( n < 0 ) && ( errno == EINTR ) )
            {
                continue;
            }

            return false;
        }

        pData += n;
        length -= ( size_t ) n;
    }

    return true;
}

/* Reads exactly `length` bytes, first from what is buffered. */
static bool readExactly( uint8_t * pOut,
                         size_t length )
{
    size_t fromBuffer = ( rxLength < length ) ? rxLength : length;

    ( void ) memcpy( pOut, rxBuffer, fromBuffer );
    ( void ) memmove( rxBuffer, rxBuffer + fromBuffer, rxLength - fromBuffer );
    rxLength -= fromBuffer;
    pOut += fromBuffer;
    length -= fromBuffer;

    while( length > 0U )
    {
        ssize_t n = recv( sock, pOut, length, 0 );

        if( n <= 0 )
        {
            if( ( n < 0 ) && ( errno == EINTR ) )
            {
                continue;
            }

            return false;
        }

        pOut += n;
        length -= ( size_t ) n;
    }

    return true;
}

/* Reads the status line and headers. Returns the header length (the body
 * starts after it in rxBuffer), or 0 on error. */
static size_t readHeaders( void )
{
    for( ; ; )
    {
        char * pEnd;
        ssize_t n;

        rxBuffer[ rxLength ] = '\0';
        pEnd = strstr( rxBuffer, "\r\n\r\n" );

        if( pEnd != NULL )
        {
            return ( size_t ) ( pEnd - rxBuffer ) + 4U;
        }

        if( rxLength + 1U >= sizeof( rxBuffer ) )
        {
            return 0;
        }

        n = recv( sock, rxBuffer + rxLength, sizeof( rxBuffer ) - 1U - rxLength, 0 );

        if( n <= 0 )
        {
            if( ( n < 0 ) && ( errno == EINTR ) )
            {
                continue;
            }

            return 0;
        }

        rxLength += ( size_t ) n;
    }
}

/* Finds header `pName` (case-insensitive) in the header block. */
static const char * headerValue( const char * pHeaders,
                                 const char * pName )
{
    const char * pLine = strstr( pHeaders, "\r\n" );
    size_t nameLength = strlen( pName );

    while( ( pLine != NULL ) && ( pLine[ 2 ] != '\r' ) )
    {
        pLine += 2;

        if( ( strncasecmp( pLine, pName, nameLength ) == 0 ) && ( pLine[ nameLength ] == ':' ) )
        {
            pLine += nameLength + 1U;

            while( *pLine == ' ' )
            {
                pLine++;
            }

            return pLine;
        }

        pLine = strstr( pLine, "\r\n" );
    }

    return NULL;
}

typedef enum
{
    FetchOk,
    FetchRetry, /* Connection gone or answer cut: try again on a new one. */
    FetchFailed,
    FetchExpired
} FetchResult_t;

static FetchResult_t fetch( uint32_t start,
                            uint32_t end,
                            OtaEventData_t * pBuffer,
                            bool reused )
{
    char request[ MAX_PATH_LENGTH + MAX_HOST_LENGTH + 160U ];
    size_t headerLength, expected = ( size_t ) end - start + 1U;
    const char * pValue;
    unsigned long contentLength;
    int status = 0, n;
    bool keepAlive = true;

    n = snprintf( request, sizeof( request ),
                  "GET %s HTTP/1.1\r\nHost: %s:%s\r\nRange: bytes=%lu-%lu\r\n"
                  "Connection: keep-alive\r\n\r\n",
                  path, host, port, ( unsigned long ) start, ( unsigned long ) end );

    if( ( n < 0 ) || ( ( size_t ) n >= sizeof( request ) ) )
    {
        return FetchFailed;
    }

    if( !sendAll( request, ( size_t ) n ) )
    {
        closeConnection();
        return reused ? FetchRetry : FetchFailed;
    }

    headerLength = readHeaders();

    if( headerLength == 0U )
    {
        bool nothing = ( rxLength == 0U );

        closeConnection();

        /* A kept-alive connection the server had closed answers nothing. */
        return ( reused && nothing ) ? FetchRetry : FetchFailed;
    }

    rxBuffer[ headerLength - 2U ] = '\0'; /* End the header block for parsing. */

    if( sscanf( rxBuffer, "HTTP/1.%*d %d", &status ) != 1 )
    {
        closeConnection();
        return FetchFailed;
    }

    pValue = headerValue( rxBuffer, "Connection" );

    if( ( pValue != NULL ) && ( strncasecmp( pValue, "close", 5 ) == 0 ) )
    {
        keepAlive = false;
    }

    pValue = headerValue( rxBuffer, "Content-Length" );
    contentLength = ( pValue != NULL ) ? strtoul( pValue, NULL, 10 ) : 0UL;

    /* Keep what follows the headers. */
    ( void ) memmove( rxBuffer, rxBuffer + headerLength, rxLength - headerLength );
    rxLength -= headerLength;

    if( ( status != 206 ) && !( ( status == 200 ) && ( start == 0U ) && ( contentLength == expected ) ) )
    {
        /* Skip the error body to keep the connection usable. */
        static uint8_t sink[ 1024 ];

        while( ( contentLength > 0UL ) && keepAlive )
        {
            size_t chunk = ( contentLength < sizeof( sink ) ) ? contentLength : sizeof( sink );

            if( !readExactly( sink, chunk ) )
            {
                keepAlive = false;
            }

            contentLength -= chunk;
        }

        if( !keepAlive )
        {
            closeConnection();
        }

        demoSay( "HTTP: range %lu-%lu answered with status %d",
                 ( unsigned long ) start, ( unsigned long ) end, status );

        return ( status == 403 ) ? FetchExpired : FetchFailed;
    }

    if( ( pValue == NULL ) || ( contentLength != expected ) || ( expected > sizeof( pBuffer->data ) ) )
    {
        demoSay( "HTTP: range %lu-%lu: unexpected body length %lu",
                 ( unsigned long ) start, ( unsigned long ) end, contentLength );
        closeConnection();
        return FetchFailed;
    }

    if( !readExactly( pBuffer->data, expected ) )
    {
        /* Cut short: never hand a partial block to the agent; ask again at once
         * on a new connection. */
        demoSay( "HTTP: range %lu-%lu: the answer was cut short; asking again",
                 ( unsigned long ) start, ( unsigned long ) end );
        closeConnection();
        return FetchRetry;
    }

    pBuffer->dataLength = ( uint32_t ) expected;

    if( !keepAlive )
    {
        closeConnection();
    }

    return FetchOk;
}

/*------------------------------ public ------------------------------*/

OtaHttpStatus_t httpGlue_Init( char * pUrl )
{
    const char * p, * pHostEnd, * pPath;
    size_t hostLength;
    OtaHttpStatus_t result = OtaHttpInitFailed;

    ( void ) pthread_mutex_lock( &httpLock );
    closeConnection();

    if( ( pUrl == NULL ) || ( strncmp( pUrl, "http://", 7 ) != 0 ) )
    {
        demoSay( "HTTP: only http:// URLs are supported by this demo" );
        goto done;
    }

    p = pUrl + 7;
    pPath = strchr( p, '/' );

    if( pPath == NULL )
    {
        pPath = p + strlen( p );
    }

    pHostEnd = memchr( p, ':', ( size_t ) ( pPath - p ) );

    if( pHostEnd == NULL )
    {
        pHostEnd = pPath;
        ( void ) snprintf( port, sizeof( port ), "80" );
    }
    else
    {
        size_t portLength = ( size_t ) ( pPath - pHostEnd - 1 );

        if( ( portLength == 0U ) || ( portLength >= sizeof( port ) ) )
        {
            goto done;
        }

        ( void ) memcpy( port, pHostEnd + 1, portLength );
        port[ portLength ] = '\0';
    }

    hostLength = ( size_t ) ( pHostEnd - p );

    if( ( hostLength == 0U ) || ( hostLength >= sizeof( host ) ) || ( strlen( pPath ) >= sizeof( path ) ) )
    {
        goto done;
    }

    ( void ) memcpy( host, p, hostLength );
    host[ hostLength ] = '\0';
    ( void ) snprintf( path, sizeof( path ), "%s", ( *pPath == '\0' ) ? "/" : pPath );
    result = OtaHttpSuccess;

done:
    ( void ) pthread_mutex_unlock( &httpLock );

    if( result == OtaHttpSuccess )
    {
        demoSay( "HTTP: downloading from http://%s:%s (pre-signed URL)", host, port );
    }

    return result;
}

OtaHttpStatus_t httpGlue_Request( uint32_t rangeStart,
                                  uint32_t rangeEnd )
{
    OtaEventData_t * pBuffer;
    OtaEventMsg_t msg;
    FetchResult_t r = FetchFailed;
    int attempt;

    if( rangeEnd < rangeStart )
    {
        return OtaHttpRequestFailed;
    }

    ( void ) pthread_mutex_lock( &httpLock );

    if( ( pQueuedBuffer != NULL ) && ( queuedStart == rangeStart ) && ( queuedEnd == rangeEnd ) )
    {
        /* Its answer is still in the agent's queue. */
        ( void ) pthread_mutex_unlock( &httpLock );
        return OtaHttpSuccess;
    }

    pBuffer = eventPool_Get();

    if( pBuffer == NULL )
    {
        ( void ) pthread_mutex_unlock( &httpLock );
        return OtaHttpRequestFailed;
    }

    /* A kept-alive connection the server closed, or an answer cut short, is
     * tried again at once (twice at most); other failures are left to the
     * agent, which asks again when its request timer expires. */
    for( attempt = 0; attempt < 3; attempt++ )
    {
        bool reused = ( sock >= 0 );

        if( !reused && !openConnection() )
        {
            r = FetchFailed;
            break;
        }

        r = fetch( rangeStart, rangeEnd, pBuffer, reused );

        if( r != FetchRetry )
        {
            break;
        }
    }

    if( r == FetchOk )
    {
        pQueuedBuffer = pBuffer;
        queuedStart = rangeStart;
        queuedEnd = rangeEnd;
    }

    ( void ) pthread_mutex_unlock( &httpLock );

    if( r != FetchOk )
    {
        eventPool_Put( pBuffer );

        if( r == FetchExpired )
        {
            demoSay( "HTTP: the pre-signed URL was refused (expired?); asking for the job again for a fresh one" );
            ( void ) OTA_CheckForUpdate();
        }

        return OtaHttpRequestFailed;
    }

    msg.pEventData = pBuffer;
    msg.eventId = OtaAgentEventReceivedFileBlock;

    if( !OTA_SignalEvent( &msg ) )
    {
        httpGlue_BufferReleased( pBuffer );
        eventPool_Put( pBuffer );
        return OtaHttpRequestFailed;
    }

    return OtaHttpSuccess;
}

OtaHttpStatus_t httpGlue_Deinit( void )
{
    ( void ) pthread_mutex_lock( &httpLock );
    closeConnection();
    ( void ) pthread_mutex_unlock( &httpLock );

    return OtaHttpSuccess;
}

void httpGlue_BufferReleased( const OtaEventData_t * pBuffer )
{
    ( void ) pthread_mutex_lock( &httpLock );

    if( pBuffer == pQueuedBuffer )
    {
        pQueuedBuffer = NULL;
    }

    ( void ) pthread_mutex_unlock( &httpLock );
}
