/*
 * SPDX-License-Identifier: MIT
 *
 * Sample v1 OTA PAL, written the way the Amazon FreeRTOS 2019-2020 ports
 * were (the Windows simulator port in particular) and compiled unchanged
 * against the library's v1 compatibility headers:
 *
 * - the image goes to a stdio file, its handle kept in C->pxFile;
 * - the platform image state lives in PlatformImageState.txt;
 * - the signature is checked with the v1 crypto abstraction (iot_crypto.h)
 *   against the certificate named by the job, or the code signer
 *   certificate compiled in (aws_ota_codesigner_certificate.h);
 * - prvPAL_CheckFileSignature and prvPAL_ReadAndAssumeCertificate are
 *   global, as in the ESP32 port, so a library that also defined them
 *   would not link.
 *
 * The test_v1pal_* variables let the tests see what the PAL saw; a port
 * would not have them.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FreeRTOS includes. */
#include "FreeRTOS.h"

/* Crypto and OTA includes. */
#include "iot_crypto.h"
#include "aws_iot_ota_pal.h"
#include "aws_iot_ota_agent_internal.h"
#include "aws_ota_codesigner_certificate.h"

/* Specify the OTA signature algorithm we support on this platform. */
const char cOTA_JSON_FileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define otapalIMAGE_STATE_FILE    "PlatformImageState.txt"
#define otapalREAD_CHUNK          256U

OTA_Err_t prvPAL_CheckFileSignature( OTA_FileContext_t * const C );
uint8_t * prvPAL_ReadAndAssumeCertificate( const uint8_t * const pucCertName,
                                           uint32_t * const ulSignerCertSize );

/* What the tests look at. */
int test_v1pal_creates = 0;
int test_v1pal_writes = 0;
int test_v1pal_closes = 0;
int test_v1pal_aborts = 0;
int test_v1pal_activations = 0;
int test_v1pal_resets = 0;
int test_v1pal_context_mismatches = 0;
uint32_t test_v1pal_file_size = 0;
uint16_t test_v1pal_signature_size = 0;
char test_v1pal_cert_path[ 128 ];
char test_v1pal_file_path[ 128 ];

/* The context and handle this PAL handed out, checked on every call. */
static OTA_FileContext_t * pxCurrentContext = NULL;
static FILE * pxCurrentFile = NULL;

static void prvCheckContext( OTA_FileContext_t * const C )
{
    if( ( C != pxCurrentContext ) || ( C->pxFile != pxCurrentFile ) )
    {
        test_v1pal_context_mismatches++;
    }
}

static OTA_ImageState_t prvReadState( void )
{
    FILE * pstFile;
    uint32_t ulState = 0U;

    pstFile = fopen( otapalIMAGE_STATE_FILE, "rb" );

    if( pstFile == NULL )
    {
        return eOTA_ImageState_Unknown;
    }

    if( fread( &ulState, sizeof( ulState ), 1U, pstFile ) != 1U )
    {
        ulState = 0U;
    }

    ( void ) fclose( pstFile );
    return ( OTA_ImageState_t ) ulState;
}

OTA_Err_t prvPAL_Abort( OTA_FileContext_t * const C )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_Abort" );

    OTA_Err_t eResult = kOTA_Err_None;

    test_v1pal_aborts++;

    if( ( C != NULL ) && ( C->pxFile != NULL ) )
    {
        prvCheckContext( C );

        if( fclose( C->pxFile ) != 0 )
        {
            eResult = kOTA_Err_FileAbort | ( errno & kOTA_PAL_ErrMask );
        }

        ( void ) remove( ( const char * ) C->pucFilePath );
        OTA_LOG_L1( "[%s] Aborted the receive file.\r\n", OTA_METHOD_NAME );
    }

    if( C != NULL )
    {
        C->pxFile = NULL;
    }

    pxCurrentContext = NULL;
    pxCurrentFile = NULL;
    return eResult;
}

OTA_Err_t prvPAL_CreateFileForRx( OTA_FileContext_t * const C )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_CreateFileForRx" );

    test_v1pal_creates++;

    if( ( C == NULL ) || ( C->pucFilePath == NULL ) )
    {
        return kOTA_Err_RxFileCreateFailed;
    }

    C->pxFile = fopen( ( const char * ) C->pucFilePath, "w+b" );

    if( C->pxFile == NULL )
    {
        OTA_LOG_L1( "[%s] ERROR - Failed to open %s.\r\n", OTA_METHOD_NAME, C->pucFilePath );
        return kOTA_Err_RxFileCreateFailed | ( errno & kOTA_PAL_ErrMask );
    }

    pxCurrentContext = C;
    pxCurrentFile = C->pxFile;
    test_v1pal_file_size = C->ulFileSize;
    ( void ) snprintf( test_v1pal_file_path, sizeof( test_v1pal_file_path ), "%s", ( const char * ) C->pucFilePath );
    ( void ) snprintf( test_v1pal_cert_path, sizeof( test_v1pal_cert_path ), "%s",
                       ( C->pucCertFilepath != NULL ) ? ( const char * ) C->pucCertFilepath : "" );
    test_v1pal_signature_size = ( C->pxSignature != NULL ) ? C->pxSignature->usSize : 0U;
    OTA_LOG_L1( "[%s] Receive file created.\r\n", OTA_METHOD_NAME );
    return kOTA_Err_None;
}

int16_t prvPAL_WriteBlock( OTA_FileContext_t * const C,
                           uint32_t ulOffset,
                           uint8_t * const pacData,
                           uint32_t ulBlockSize )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_WriteBlock" );

    size_t xWritten;

    prvCheckContext( C );
    test_v1pal_writes++;

    if( fseek( C->pxFile, ( long ) ulOffset, SEEK_SET ) != 0 )
    {
        OTA_LOG_L1( "[%s] ERROR - fseek failed.\r\n", OTA_METHOD_NAME );
        return ( int16_t ) -1;
    }

    xWritten = fwrite( pacData, 1U, ulBlockSize, C->pxFile );

    if( xWritten != ulBlockSize )
    {
        OTA_LOG_L1( "[%s] ERROR - fwrite failed.\r\n", OTA_METHOD_NAME );
        return ( int16_t ) -1;
    }

    return ( int16_t ) xWritten;
}

uint8_t * prvPAL_ReadAndAssumeCertificate( const uint8_t * const pucCertName,
                                           uint32_t * const ulSignerCertSize )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_ReadAndAssumeCertificate" );

    FILE * pstFile;
    uint8_t * pucCertData = NULL;
    long lSize;

    *ulSignerCertSize = 0U;
    pstFile = fopen( ( const char * ) pucCertName, "rb" );

    if( pstFile != NULL )
    {
        if( ( fseek( pstFile, 0L, SEEK_END ) == 0 ) && ( ( lSize = ftell( pstFile ) ) > 0 ) &&
            ( fseek( pstFile, 0L, SEEK_SET ) == 0 ) )
        {
            pucCertData = pvPortMalloc( ( size_t ) lSize + 1U );

            if( ( pucCertData != NULL ) && ( fread( pucCertData, 1U, ( size_t ) lSize, pstFile ) == ( size_t ) lSize ) )
            {
                pucCertData[ lSize ] = 0U;
                *ulSignerCertSize = ( uint32_t ) lSize + 1U;
            }
            else
            {
                vPortFree( pucCertData );
                pucCertData = NULL;
            }
        }

        ( void ) fclose( pstFile );
    }

    if( pucCertData == NULL )
    {
        /* No certificate file on this device: use the one built in. */
        OTA_LOG_L1( "[%s] Using the code signer certificate from aws_ota_codesigner_certificate.h.\r\n", OTA_METHOD_NAME );
        pucCertData = pvPortMalloc( sizeof( signingcredentialSIGNING_CERTIFICATE_PEM ) );

        if( pucCertData != NULL )
        {
            memcpy( pucCertData, signingcredentialSIGNING_CERTIFICATE_PEM, sizeof( signingcredentialSIGNING_CERTIFICATE_PEM ) );
            *ulSignerCertSize = sizeof( signingcredentialSIGNING_CERTIFICATE_PEM );
        }
    }

    return pucCertData;
}

OTA_Err_t prvPAL_CheckFileSignature( OTA_FileContext_t * const C )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_CheckFileSignature" );

    void * pvSigVerifyContext;
    uint8_t ucBuffer[ otapalREAD_CHUNK ];
    uint8_t * pucSignerCert;
    uint32_t ulSignerCertSize;
    size_t xRead;

    if( CRYPTO_SignatureVerificationStart( &pvSigVerifyContext, cryptoASYMMETRIC_ALGORITHM_ECDSA,
                                           cryptoHASH_ALGORITHM_SHA256 ) != pdTRUE )
    {
        return kOTA_Err_SignatureCheckFailed;
    }

    ( void ) fseek( C->pxFile, 0L, SEEK_SET );

    while( ( xRead = fread( ucBuffer, 1U, sizeof( ucBuffer ), C->pxFile ) ) > 0U )
    {
        CRYPTO_SignatureVerificationUpdate( pvSigVerifyContext, ucBuffer, xRead );
    }

    pucSignerCert = prvPAL_ReadAndAssumeCertificate( C->pucCertFilepath, &ulSignerCertSize );

    if( pucSignerCert == NULL )
    {
        ( void ) CRYPTO_SignatureVerificationFinal( pvSigVerifyContext, NULL, 0U, NULL, 0U );
        return kOTA_Err_BadSignerCert;
    }

    if( CRYPTO_SignatureVerificationFinal( pvSigVerifyContext, ( char * ) pucSignerCert, ulSignerCertSize,
                                           C->pxSignature->ucData, C->pxSignature->usSize ) != pdTRUE )
    {
        OTA_LOG_L1( "[%s] ERROR - signature verification failed.\r\n", OTA_METHOD_NAME );
        vPortFree( pucSignerCert );
        return kOTA_Err_SignatureCheckFailed;
    }

    OTA_LOG_L1( "[%s] Signature verification passed.\r\n", OTA_METHOD_NAME );
    vPortFree( pucSignerCert );
    return kOTA_Err_None;
}

OTA_Err_t prvPAL_CloseFile( OTA_FileContext_t * const C )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_CloseFile" );

    OTA_Err_t eResult;

    prvCheckContext( C );
    test_v1pal_closes++;

    if( C->pxSignature == NULL )
    {
        eResult = kOTA_Err_SignatureCheckFailed;
    }
    else
    {
        ( void ) fflush( C->pxFile );
        eResult = prvPAL_CheckFileSignature( C );
    }

    if( fclose( C->pxFile ) != 0 )
    {
        eResult = kOTA_Err_FileClose | ( errno & kOTA_PAL_ErrMask );
    }

    /* The abort the agent calls next finds no file and does nothing. */
    pxCurrentFile = NULL;
    C->pxFile = NULL;

    if( eResult != kOTA_Err_None )
    {
        OTA_LOG_L1( "[%s] ERROR - closing the file failed (0x%08x).\r\n", OTA_METHOD_NAME, ( unsigned ) eResult );
        ( void ) prvPAL_SetPlatformImageState( eOTA_ImageState_Aborted );
        ( void ) remove( ( const char * ) C->pucFilePath );
    }

    return eResult;
}

OTA_Err_t prvPAL_ResetDevice( void )
{
    /* A host cannot reset: note it and report success, like the Windows port. */
    test_v1pal_resets++;
    return kOTA_Err_None;
}

OTA_Err_t prvPAL_ActivateNewImage( void )
{
    test_v1pal_activations++;
    ( void ) prvPAL_SetPlatformImageState( eOTA_ImageState_Testing );
    return prvPAL_ResetDevice();
}

OTA_Err_t prvPAL_SetPlatformImageState( OTA_ImageState_t eState )
{
    DEFINE_OTA_METHOD_NAME( "prvPAL_SetPlatformImageState" );

    FILE * pstFile;
    uint32_t ulState = ( uint32_t ) eState;

    if( ( eState == eOTA_ImageState_Unknown ) || ( eState > eOTA_LastImageState ) )
    {
        return kOTA_Err_BadImageState;
    }

    /* Only an image in its self test can be committed. */
    if( ( eState == eOTA_ImageState_Accepted ) && ( prvReadState() != eOTA_ImageState_Testing ) )
    {
        OTA_LOG_L1( "[%s] ERROR - nothing to commit.\r\n", OTA_METHOD_NAME );
        return kOTA_Err_CommitFailed | 1U;
    }

    pstFile = fopen( otapalIMAGE_STATE_FILE, "wb" );

    if( pstFile == NULL )
    {
        return kOTA_Err_BadImageState | ( errno & kOTA_PAL_ErrMask );
    }

    if( fwrite( &ulState, sizeof( ulState ), 1U, pstFile ) != 1U )
    {
        ( void ) fclose( pstFile );
        return kOTA_Err_BadImageState;
    }

    ( void ) fclose( pstFile );
    return kOTA_Err_None;
}

OTA_PAL_ImageState_t prvPAL_GetPlatformImageState( void )
{
    OTA_PAL_ImageState_t eState;

    switch( prvReadState() )
    {
        case eOTA_ImageState_Testing:
            eState = eOTA_PAL_ImageState_PendingCommit;
            break;

        case eOTA_ImageState_Rejected:
        case eOTA_ImageState_Aborted:
            eState = eOTA_PAL_ImageState_Invalid;
            break;

        default:
            /* No state yet (factory image) or accepted. */
            eState = eOTA_PAL_ImageState_Valid;
            break;
    }

    return eState;
}
