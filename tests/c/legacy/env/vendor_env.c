/*
 * SPDX-License-Identifier: MIT
 *
 * The vendor environment the legacy sample ports expect, for host tests:
 * FreeRTOS heap and delay, the FreeRTOS logging printf, the v1 crypto
 * abstraction (over libota.a's ota_signature.h), AliOS CRC-16, key-value
 * store, flash partitions (files in the working directory) and reboot.
 */

#define _POSIX_C_SOURCE    200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "FreeRTOS.h"
#include "task.h"
#include "iot_crypto.h"
#include "CheckSumUtils.h"
#include "aos/kv.h"
#include "aos/kernel.h"
#include "hal/soc/flash.h"

#include "ota_signature.h"

#include "vendor_env_test.h"

/* ------------------------------------------------------------------------ */
/* FreeRTOS.                                                                */

void vAssertCalled( const char * pcFile,
                    int lLine )
{
    ( void ) fprintf( stderr, "configASSERT failed at %s:%d\n", pcFile, lLine );
    abort();
}

void * pvPortMalloc( size_t xWantedSize )
{
    return malloc( ( xWantedSize > 0U ) ? xWantedSize : 1U );
}

void vPortFree( void * pv )
{
    free( pv );
}

void vTaskDelay( const TickType_t xTicksToDelay )
{
    struct timespec ts;

    ts.tv_sec = ( time_t ) ( xTicksToDelay / 1000U );
    ts.tv_nsec = ( long ) ( xTicksToDelay % 1000U ) * 1000000L;
    ( void ) nanosleep( &ts, NULL );
}

/* The FreeRTOS logging task's printf, which OTA_LOG_L1 uses. */
void vLoggingPrintf( const char * pcFormat,
                     ... )
{
    va_list ap;

    ( void ) fputs( "[v1] ", stderr );
    va_start( ap, pcFormat );
    ( void ) vfprintf( stderr, pcFormat, ap );
    va_end( ap );
}

/* ------------------------------------------------------------------------ */
/* iot_crypto over ota_signature.h.                                         */

typedef struct
{
    OtaSha256Context_t sha;
} CryptoContext_t;

int test_crypto_started = 0;
int test_crypto_verified = 0;

void CRYPTO_ConfigureHeap( void )
{
}

BaseType_t CRYPTO_SignatureVerificationStart( void ** ppvContext,
                                              BaseType_t xAsymmetricAlgorithm,
                                              BaseType_t xHashAlgorithm )
{
    CryptoContext_t * c;

    if( ( ppvContext == NULL ) || ( xAsymmetricAlgorithm != cryptoASYMMETRIC_ALGORITHM_ECDSA ) ||
        ( xHashAlgorithm != cryptoHASH_ALGORITHM_SHA256 ) )
    {
        return pdFALSE;
    }

    c = pvPortMalloc( sizeof( *c ) );

    if( c == NULL )
    {
        return pdFALSE;
    }

    OTA_Sha256Init( &c->sha );
    *ppvContext = c;
    test_crypto_started++;
    return pdTRUE;
}

void CRYPTO_SignatureVerificationUpdate( void * pvContext,
                                         const uint8_t * pucData,
                                         size_t xDataLength )
{
    if( pvContext != NULL )
    {
        OTA_Sha256Update( &( ( CryptoContext_t * ) pvContext )->sha, pucData, xDataLength );
    }
}

BaseType_t CRYPTO_SignatureVerificationFinal( void * pvContext,
                                              char * pcSignerCertificate,
                                              size_t xSignerCertificateLength,
                                              uint8_t * pucSignature,
                                              size_t xSignatureLength )
{
    CryptoContext_t * c = pvContext;
    uint8_t digest[ OTA_SHA256_DIGEST_LENGTH ];
    OtaPalStatus_t status;

    if( c == NULL )
    {
        return pdFALSE;
    }

    OTA_Sha256Final( &c->sha, digest );
    vPortFree( c );
    status = OTA_VerifySignatureP256( ( const uint8_t * ) pcSignerCertificate, xSignerCertificateLength, digest,
                                      pucSignature, xSignatureLength );

    if( OTA_PAL_MAIN_ERR( status ) != OtaPalSuccess )
    {
        return pdFALSE;
    }

    test_crypto_verified++;
    return pdTRUE;
}

/* ------------------------------------------------------------------------ */
/* AliOS CheckSumUtils CRC-16 (augmented register form).                    */

static uint16_t crc16Push( uint16_t crc,
                           uint8_t byte )
{
    uint32_t r = crc;
    int bit;

    for( bit = 7; bit >= 0; bit-- )
    {
        r = ( r << 1 ) | ( ( uint32_t ) ( byte >> bit ) & 1U );

        if( ( r & 0x10000UL ) != 0U )
        {
            r ^= 0x11021UL;
        }
    }

    return ( uint16_t ) r;
}

void CRC16_Init( CRC16_Context * inContext )
{
    inContext->crc = 0U;
}

void CRC16_Update( CRC16_Context * inContext,
                   const void * inSrc,
                   size_t inLen )
{
    const uint8_t * p = inSrc;
    size_t i;

    for( i = 0; i < inLen; i++ )
    {
        inContext->crc = crc16Push( inContext->crc, p[ i ] );
    }
}

void CRC16_Final( CRC16_Context * inContext,
                  uint16_t * outResult )
{
    uint16_t r = crc16Push( crc16Push( inContext->crc, 0U ), 0U );

    *outResult = r;
}

/* ------------------------------------------------------------------------ */
/* AliOS key-value store: one file per key.                                 */

static void kvPath( const char * key,
                    char * out,
                    size_t cap )
{
    ( void ) snprintf( out, cap, "kv.%s", key );
}

int aos_kv_set( const char * key,
                const void * value,
                int len,
                int sync )
{
    char path[ 256 ];
    FILE * f;
    size_t n;

    ( void ) sync;
    kvPath( key, path, sizeof( path ) );
    f = fopen( path, "wb" );

    if( f == NULL )
    {
        return -1;
    }

    n = fwrite( value, 1U, ( size_t ) len, f );
    ( void ) fclose( f );
    return ( n == ( size_t ) len ) ? 0 : -1;
}

int aos_kv_get( const char * key,
                void * buffer,
                int * buffer_len )
{
    char path[ 256 ];
    FILE * f;
    size_t n;

    kvPath( key, path, sizeof( path ) );
    f = fopen( path, "rb" );

    if( f == NULL )
    {
        return -1;
    }

    n = fread( buffer, 1U, ( size_t ) *buffer_len, f );
    ( void ) fclose( f );
    *buffer_len = ( int ) n;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* AliOS flash partitions: one file each, erased = 0xff.                    */

static FILE * partitionFile( hal_partition_t p )
{
    char path[ 64 ];
    FILE * f;

    ( void ) snprintf( path, sizeof( path ), "flash.%d.bin", ( int ) p );
    f = fopen( path, "r+b" );

    if( f == NULL )
    {
        static uint8_t erased[ 4096 ];
        uint32_t done;

        ( void ) memset( erased, 0xff, sizeof( erased ) );
        f = fopen( path, "w+b" );

        if( f == NULL )
        {
            return NULL;
        }

        for( done = 0; done < TEST_FLASH_PARTITION_SIZE; done += ( uint32_t ) sizeof( erased ) )
        {
            ( void ) fwrite( erased, 1U, sizeof( erased ), f );
        }
    }

    return f;
}

/* The partition file positioned at `off`, if `off + len` lies inside the
 * partition; NULL otherwise or on a file error. */
static FILE * partitionAt( hal_partition_t p,
                           uint32_t off,
                           uint32_t len )
{
    FILE * f;

    if( ( off + len ) > TEST_FLASH_PARTITION_SIZE )
    {
        return NULL;
    }

    f = partitionFile( p );

    if( ( f != NULL ) && ( fseek( f, ( long ) off, SEEK_SET ) != 0 ) )
    {
        ( void ) fclose( f );
        f = NULL;
    }

    return f;
}

int test_flash_writes = 0;

int32_t hal_flash_write( hal_partition_t in_partition,
                         uint32_t * off_set,
                         const void * in_buf,
                         uint32_t in_buf_len )
{
    FILE * f = partitionAt( in_partition, *off_set, in_buf_len );
    int32_t rc = -1;

    if( f == NULL )
    {
        return -1;
    }

    if( fwrite( in_buf, 1U, in_buf_len, f ) == in_buf_len )
    {
        *off_set += in_buf_len;
        test_flash_writes++;
        rc = 0;
    }

    ( void ) fclose( f );
    return rc;
}

int32_t hal_flash_read( hal_partition_t in_partition,
                        uint32_t * off_set,
                        void * out_buf,
                        uint32_t in_buf_len )
{
    FILE * f = partitionAt( in_partition, *off_set, in_buf_len );
    int32_t rc = -1;

    if( f == NULL )
    {
        return -1;
    }

    if( fread( out_buf, 1U, in_buf_len, f ) == in_buf_len )
    {
        *off_set += in_buf_len;
        rc = 0;
    }

    ( void ) fclose( f );
    return rc;
}

int32_t hal_flash_erase( hal_partition_t in_partition,
                         uint32_t off_set,
                         uint32_t size )
{
    static uint8_t erased[ 4096 ];
    FILE * f = partitionAt( in_partition, off_set, size );
    uint32_t done = 0;

    if( f == NULL )
    {
        return -1;
    }

    ( void ) memset( erased, 0xff, sizeof( erased ) );

    while( done < size )
    {
        uint32_t n = size - done;

        if( n > sizeof( erased ) )
        {
            n = ( uint32_t ) sizeof( erased );
        }

        ( void ) fwrite( erased, 1U, n, f );
        done += n;
    }

    ( void ) fclose( f );
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Reboot.                                                                  */

int test_aos_reboots = 0;

void aos_reboot( void )
{
    test_aos_reboots++;
}
