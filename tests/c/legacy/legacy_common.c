/*
 * SPDX-License-Identifier: MIT
 *
 * Helpers shared by the legacy scenarios: see legacy_common.h.
 */

#define _POSIX_C_SOURCE    200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "legacy_common.h"

int lc_state_saves = 0;

uint8_t * lc_read_file( const char * path,
                        uint32_t * pSize )
{
    FILE * f = fopen( path, "rb" );
    uint8_t * buf;
    long n;

    if( f == NULL )
    {
        return NULL;
    }

    if( ( fseek( f, 0L, SEEK_END ) != 0 ) || ( ( n = ftell( f ) ) < 0 ) || ( fseek( f, 0L, SEEK_SET ) != 0 ) )
    {
        ( void ) fclose( f );
        return NULL;
    }

    buf = malloc( ( size_t ) n + 1U );

    if( ( buf != NULL ) && ( fread( buf, 1U, ( size_t ) n, f ) != ( size_t ) n ) )
    {
        free( buf );
        buf = NULL;
    }

    ( void ) fclose( f );

    if( buf != NULL )
    {
        buf[ n ] = 0U;
        *pSize = ( uint32_t ) n;
    }

    return buf;
}

bool lc_write_file( const char * path,
                    const void * data,
                    uint32_t size )
{
    FILE * f = fopen( path, "wb" );
    bool ok;

    if( f == NULL )
    {
        return false;
    }

    ok = fwrite( data, 1U, size, f ) == size;
    ok = ( fclose( f ) == 0 ) && ok;
    return ok;
}

bool lc_file_exists( const char * path )
{
    return access( path, F_OK ) == 0;
}

void lc_load_image( const char * name,
                    LcImage_t * pImage )
{
    char path[ 64 ];
    uint32_t n = 0;
    uint8_t * sig;

    ( void ) snprintf( path, sizeof( path ), "%s.bin", name );
    pImage->data = lc_read_file( path, &pImage->size );
    ( void ) snprintf( path, sizeof( path ), "%s.sig.b64", name );
    sig = lc_read_file( path, &n );

    if( ( pImage->data == NULL ) || ( sig == NULL ) || ( n == 0U ) || ( n >= sizeof( pImage->sig ) ) )
    {
        ( void ) printf( "FAIL: test data %s.bin / %s.sig.b64 missing (the harness writes them)\n", name, name );
        exit( 2 );
    }

    while( ( n > 0U ) && ( ( sig[ n - 1U ] == '\n' ) || ( sig[ n - 1U ] == '\r' ) ) )
    {
        n--;
    }

    ( void ) memcpy( pImage->sig, sig, n );
    pImage->sig[ n ] = '\0';
    free( sig );
}

int lc_job_mqtt( char * out,
                 size_t cap,
                 const char * jobId,
                 const char * stream,
                 const char * filePath,
                 const char * certPath,
                 uint32_t fileSize,
                 const char * sigB64,
                 const char * statusDetails )
{
    char afr[ 1024 ];

    ( void ) snprintf( afr, sizeof( afr ),
                       "{\"protocols\":[\"MQTT\"],\"streamname\":\"%s\",\"files\":[{\"filepath\":\"%s\",\"filesize\":%u,"
                       "\"fileid\":0,\"certfile\":\"%s\",\"sig-sha256-ecdsa\":\"%s\"}]}",
                       stream, filePath, fileSize, certPath, sigB64 );
    return job_exec( out, cap, jobId, statusDetails, afr );
}

uint32_t lc_blocks( uint32_t size )
{
    return ( size + ABI_BLOCK_SIZE - 1U ) / ABI_BLOCK_SIZE;
}

int lc_load_state( void * pData,
                   uint32_t length )
{
    uint32_t n = 0;
    uint8_t * p = lc_read_file( "ota_agent_bp.bin", &n );
    int rc = -1;

    if( ( p != NULL ) && ( n == length ) )
    {
        ( void ) memcpy( pData, p, length );
        rc = 0;
    }

    free( p );
    return rc;
}

int lc_save_state( const void * pData,
                   uint32_t length )
{
    lc_state_saves++;
    return lc_write_file( "ota_agent_bp.bin", pData, length ) ? 0 : -1;
}

void lc_power_cut( int code )
{
    ( void ) fflush( stdout );
    _exit( code );
}

int lc_run_phase( int argc,
                  char ** argv,
                  const char * scenario,
                  const LcPhase_t * phases,
                  size_t count )
{
    const char * phase = ( argc > 1 ) ? argv[ 1 ] : phases[ 0 ].name;
    size_t i;

    fake_setup( scenario );

    for( i = 0; i < count; i++ )
    {
        if( strcmp( phase, phases[ i ].name ) == 0 )
        {
            phases[ i ].run();
            break;
        }
    }

    CHECK( i < count, "unknown phase %s", phase );
    return fake_finish();
}
